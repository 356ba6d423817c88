using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Kiln.Onnx.Native;

/// <summary>Turns a returned <c>OrtStatus*</c> into an <see cref="OnnxRuntimeException"/> and releases it.</summary>
internal static unsafe class OrtStatus
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Check(nint status)
    {
        if (status != 0)
        {
            ThrowFrom(status);
        }
    }

    /// <summary>Reads code and message, releases the status and returns the exception (for cleanup-then-throw paths).</summary>
    public static OnnxRuntimeException ToException(nint status)
    {
        try
        {
            var code = OrtApi.GetErrorCode(status);
            var message = Marshal.PtrToStringUTF8((nint)OrtApi.GetErrorMessage(status)) ?? string.Empty;
            return new OnnxRuntimeException(code, message);
        }
        finally
        {
            OrtApi.ReleaseStatus(status);
        }
    }

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowFrom(nint status) => throw ToException(status);
}
