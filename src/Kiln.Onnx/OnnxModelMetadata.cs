namespace Kiln.Onnx;

/// <summary>The model-level fields of an ONNX model (ModelProto) as ORT reports them.</summary>
public sealed record OnnxModelMetadata(
    string ProducerName,
    string GraphName,
    string GraphDescription,
    string Domain,
    string Description,
    long Version,
    IReadOnlyDictionary<string, string> CustomMetadata);
