using System.Buffers;
using System.Runtime.InteropServices;

namespace Kiln.Onnx.Native;

/// <summary>Base for ORT objects released by one of the OrtApi Release* functions.</summary>
internal abstract class OrtHandle : SafeHandle
{
    protected OrtHandle()
        : base(0, ownsHandle: true)
    {
    }

    protected OrtHandle(nint handle)
        : base(0, ownsHandle: true)
    {
        SetHandle(handle);
    }

    public override bool IsInvalid => handle == 0;
}

internal sealed unsafe class OrtEnvHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseEnv(handle);
        return true;
    }
}

internal sealed unsafe class OrtSessionOptionsHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseSessionOptions(handle);
        return true;
    }
}

/// <summary>An OrtSession plus the UTF-8 input and output names Run passes to it, freed together.</summary>
internal sealed unsafe class OrtSessionHandle(nint handle) : OrtHandle(handle)
{
    public NativeNameTable? InputNames { get; set; }

    public NativeNameTable? OutputNames { get; set; }

    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseSession(handle);
        InputNames?.Free();
        OutputNames?.Free();
        return true;
    }
}

internal sealed unsafe class OrtRunOptionsHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseRunOptions(handle);
        return true;
    }
}

internal sealed unsafe class OrtMemoryInfoHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseMemoryInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtTypeInfoHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseTypeInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtTensorTypeAndShapeInfoHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseTensorTypeAndShapeInfo(handle);
        return true;
    }
}

internal sealed unsafe class OrtModelMetadataHandle(nint handle) : OrtHandle(handle)
{
    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseModelMetadata(handle);
        return true;
    }
}

/// <summary>
/// An OrtValue. When the value is a tensor over caller memory, the pin on that memory is released together
/// with the OrtValue, so the memory stays fixed for as long as any Run still holds a reference to the handle.
/// </summary>
internal sealed unsafe class OrtValueHandle : OrtHandle
{
    private MemoryHandle _pin;

    public OrtValueHandle(nint handle)
        : base(handle)
    {
    }

    public OrtValueHandle(nint handle, MemoryHandle pin)
        : base(handle)
    {
        _pin = pin;
    }

    protected override bool ReleaseHandle()
    {
        OrtApi.ReleaseValue(handle);
        _pin.Dispose();
        _pin = default;
        return true;
    }
}
