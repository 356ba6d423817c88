using Kiln.Onnx.Native;

namespace Kiln.Onnx;

/// <summary>Per-run settings. One instance may serve many runs; <see cref="Terminate"/> stops the runs using it.</summary>
public sealed unsafe class OnnxRunOptions : IDisposable
{
    private readonly OrtRunOptionsHandle _handle;

    public OnnxRunOptions(string? tag = null, OnnxLogLevel? logLevel = null)
    {
        OrtLibrary.EnsureLoaded();
        nint options;
        OrtStatus.Check(OrtApi.CreateRunOptions(&options));
        _handle = new OrtRunOptionsHandle(options);
        try
        {
            if (tag is not null)
            {
                fixed (byte* tagPointer = OrtMemory.ToUtf8Z(tag))
                {
                    OrtStatus.Check(OrtApi.RunOptionsSetRunTag(options, tagPointer));
                }
            }

            if (logLevel is { } level)
            {
                OrtStatus.Check(OrtApi.RunOptionsSetRunLogSeverityLevel(options, (int)level));
            }
        }
        catch
        {
            _handle.Dispose();
            throw;
        }

        Tag = tag;
    }

    /// <summary>Tag ORT attaches to this run's log lines.</summary>
    public string? Tag { get; }

    internal OrtRunOptionsHandle Handle => _handle;

    /// <summary>Asks every run using these options to stop as soon as possible; they fail with an error.</summary>
    public void Terminate() => OrtStatus.Check(OrtApi.RunOptionsSetTerminate(LiveHandle()));

    /// <summary>Lets runs with these options proceed again after <see cref="Terminate"/>.</summary>
    public void ResetTerminate() => OrtStatus.Check(OrtApi.RunOptionsUnsetTerminate(LiveHandle()));

    public void Dispose() => _handle.Dispose();

    private nint LiveHandle()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        return _handle.DangerousGetHandle();
    }
}
