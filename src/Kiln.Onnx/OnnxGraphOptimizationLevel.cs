namespace Kiln.Onnx;

/// <summary>How much ORT rewrites the graph before running it (<c>GraphOptimizationLevel</c>).</summary>
public enum OnnxGraphOptimizationLevel
{
    DisableAll = 0,
    Basic = 1,
    Extended = 2,
    All = 99,
}
