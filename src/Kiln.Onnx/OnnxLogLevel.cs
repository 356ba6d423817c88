namespace Kiln.Onnx;

/// <summary>ORT's logging severity (<c>OrtLoggingLevel</c>): messages below the level are dropped.</summary>
public enum OnnxLogLevel
{
    Verbose = 0,
    Info = 1,
    Warning = 2,
    Error = 3,
    Fatal = 4,
}
