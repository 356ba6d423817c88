namespace Kiln.Onnx;

/// <summary>An error reported by ONNX Runtime (or by this binding on its behalf), with ORT's error code.</summary>
public sealed class OnnxRuntimeException : Exception
{
    public OnnxRuntimeException(OrtErrorCode code, string message)
        : base($"[{code}] {message}")
    {
        Code = code;
        OrtMessage = message;
    }

    public OrtErrorCode Code { get; }

    /// <summary>The message exactly as ONNX Runtime reported it, without the code prefix.</summary>
    public string OrtMessage { get; }
}
