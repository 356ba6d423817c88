namespace Kiln.Onnx;

/// <summary>Whether independent graph branches run one after another or in parallel on the inter-op pool.</summary>
public enum OnnxExecutionMode
{
    Sequential = 0,
    Parallel = 1,
}
