using System.Text;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>How a model output reaches clients.</summary>
public enum OutputKind
{
    /// <summary>A dense tensor, passed through.</summary>
    Tensor,

    /// <summary>A classifier's ZipMap <c>seq(map(key, float))</c>, served as a FP32 [rows, classes] matrix ordered by key.</summary>
    ZipMap,
}

/// <summary>A model input or output as the serving protocols describe it: name, datatype, shape (-1 = any size).</summary>
public sealed class TensorSpec
{
    public TensorSpec(string name, int onnxIndex, TensorDataType dataType, long[] shape, OutputKind kind = OutputKind.Tensor)
    {
        Name = name;
        Utf8Name = Encoding.UTF8.GetBytes(name);
        OnnxIndex = onnxIndex;
        DataType = dataType;
        Shape = shape;
        Kind = kind;
    }

    public string Name { get; }

    public byte[] Utf8Name { get; }

    /// <summary>Position among the ONNX model's inputs or outputs.</summary>
    public int OnnxIndex { get; }

    public TensorDataType DataType { get; }

    public long[] Shape { get; }

    public OutputKind Kind { get; }

    /// <summary>True when the first dimension is variable, so requests can be stacked along it.</summary>
    public bool HasBatchDimension => Shape.Length > 0 && Shape[0] < 0;

    /// <summary>The class labels of a ZipMap output (its matrix columns), once known.</summary>
    public IReadOnlyList<string>? Labels { get; internal set; }

    public override string ToString() => $"{Name}: {DataType.ToName()}[{string.Join(',', Shape)}]";
}
