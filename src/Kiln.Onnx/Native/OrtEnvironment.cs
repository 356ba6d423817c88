namespace Kiln.Onnx.Native;

/// <summary>The process-wide OrtEnv, created on first use with the level set through <see cref="OnnxRuntime"/>.</summary>
internal static unsafe class OrtEnvironment
{
    private static readonly Lock CreateLock = new();
    private static OrtEnvHandle? _handle;

    public static bool IsCreated => _handle is not null;

    public static nint Handle
    {
        get
        {
            var handle = _handle ?? Create();
            return handle.DangerousGetHandle();
        }
    }

    private static OrtEnvHandle Create()
    {
        lock (CreateLock)
        {
            if (_handle is not null)
            {
                return _handle;
            }

            OrtLibrary.EnsureLoaded();
            var logId = OrtMemory.ToUtf8Z(OnnxRuntime.LogId);
            nint env;
            fixed (byte* logIdPointer = logId)
            {
                OrtStatus.Check(OrtApi.CreateEnv(OnnxRuntime.LogLevel, logIdPointer, &env));
            }

            _handle = new OrtEnvHandle(env);
            return _handle;
        }
    }
}
