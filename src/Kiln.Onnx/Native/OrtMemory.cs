using System.Runtime.InteropServices;
using System.Text;

namespace Kiln.Onnx.Native;

/// <summary>ORT's default CPU allocator and CPU memory description, created once per process.</summary>
internal static unsafe class OrtMemory
{
    private const int ArenaAllocator = 1;
    private const int DefaultMemoryType = 0;

    private static readonly Lazy<OrtMemoryInfoHandle> CpuInfo = new(CreateCpuMemoryInfo);
    private static readonly Lazy<nint> DefaultAllocatorPointer = new(GetDefaultAllocator);

    /// <summary>Describes plain CPU memory; used for tensors over caller-owned buffers.</summary>
    public static nint CpuMemoryInfo => CpuInfo.Value.DangerousGetHandle();

    /// <summary>ORT's default allocator; owned by ORT and never released.</summary>
    public static nint DefaultAllocator => DefaultAllocatorPointer.Value;

    /// <summary>Copies an ORT-allocated UTF-8 string and frees it with the default allocator.</summary>
    public static string TakeString(byte* value)
    {
        if (value == null)
        {
            return string.Empty;
        }

        try
        {
            return Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;
        }
        finally
        {
            Free(value);
        }
    }

    public static void Free(void* pointer)
    {
        if (pointer != null)
        {
            OrtStatus.Check(OrtApi.AllocatorFree(DefaultAllocator, pointer));
        }
    }

    /// <summary>Null-terminated UTF-8 copy of a string, for calls off the hot path.</summary>
    public static byte[] ToUtf8Z(string value)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }

    private static OrtMemoryInfoHandle CreateCpuMemoryInfo()
    {
        OrtLibrary.EnsureLoaded();
        nint info;
        OrtStatus.Check(OrtApi.CreateCpuMemoryInfo(ArenaAllocator, DefaultMemoryType, &info));
        return new OrtMemoryInfoHandle(info);
    }

    private static nint GetDefaultAllocator()
    {
        OrtLibrary.EnsureLoaded();
        nint allocator;
        OrtStatus.Check(OrtApi.GetAllocatorWithDefaultOptions(&allocator));
        return allocator;
    }
}
