using Kiln.Onnx.Native;

namespace Kiln.Onnx;

/// <summary>How a session is built and run. A plain settings object: the native options exist only while a session is created.</summary>
public sealed class OnnxSessionOptions
{
    /// <summary>Threads for parallelism inside an operator; 0 lets ORT choose (one per physical core).</summary>
    public int IntraOpThreads { get; set; }

    /// <summary>Threads for running independent nodes at once in <see cref="OnnxExecutionMode.Parallel"/>; 0 lets ORT choose.</summary>
    public int InterOpThreads { get; set; }

    public OnnxGraphOptimizationLevel GraphOptimizationLevel { get; set; } = OnnxGraphOptimizationLevel.All;

    public OnnxExecutionMode ExecutionMode { get; set; } = OnnxExecutionMode.Sequential;

    /// <summary>Plan memory from the first run's shapes and reuse the plan (helps fixed-shape inputs).</summary>
    public bool EnableMemoryPattern { get; set; } = true;

    /// <summary>Serve CPU allocations from ORT's arena instead of the system allocator.</summary>
    public bool EnableCpuMemoryArena { get; set; } = true;

    /// <summary>Session-specific log severity; null keeps the environment's.</summary>
    public OnnxLogLevel? LogLevel { get; set; }

    /// <summary>Identifier of this session in ORT's log lines; null keeps ORT's default.</summary>
    public string? LogId { get; set; }

    /// <summary>ORT session configuration entries (e.g. <c>session.intra_op.allow_spinning</c> = <c>0</c>).</summary>
    public IDictionary<string, string> ConfigEntries { get; } = new Dictionary<string, string>(StringComparer.Ordinal);

    internal unsafe OrtSessionOptionsHandle CreateNative()
    {
        nint options;
        OrtStatus.Check(OrtApi.CreateSessionOptions(&options));
        var handle = new OrtSessionOptionsHandle(options);
        try
        {
            if (IntraOpThreads > 0)
            {
                OrtStatus.Check(OrtApi.SetIntraOpNumThreads(options, IntraOpThreads));
            }

            if (InterOpThreads > 0)
            {
                OrtStatus.Check(OrtApi.SetInterOpNumThreads(options, InterOpThreads));
            }

            OrtStatus.Check(OrtApi.SetSessionGraphOptimizationLevel(options, GraphOptimizationLevel));
            OrtStatus.Check(OrtApi.SetSessionExecutionMode(options, ExecutionMode));
            OrtStatus.Check(EnableMemoryPattern ? OrtApi.EnableMemPattern(options) : OrtApi.DisableMemPattern(options));
            OrtStatus.Check(EnableCpuMemoryArena ? OrtApi.EnableCpuMemArena(options) : OrtApi.DisableCpuMemArena(options));
            if (LogLevel is { } level)
            {
                OrtStatus.Check(OrtApi.SetSessionLogSeverityLevel(options, (int)level));
            }

            if (LogId is not null)
            {
                fixed (byte* logId = OrtMemory.ToUtf8Z(LogId))
                {
                    OrtStatus.Check(OrtApi.SetSessionLogId(options, logId));
                }
            }

            foreach (var (key, value) in ConfigEntries)
            {
                fixed (byte* keyPointer = OrtMemory.ToUtf8Z(key))
                fixed (byte* valuePointer = OrtMemory.ToUtf8Z(value))
                {
                    OrtStatus.Check(OrtApi.AddSessionConfigEntry(options, keyPointer, valuePointer));
                }
            }

            return handle;
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }
}
