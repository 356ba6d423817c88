namespace Kiln.Onnx;

/// <summary>A model input or output: its position, name and declared type.</summary>
public sealed record OnnxValueInfo(int Index, string Name, OnnxTypeInfo Type)
{
    public override string ToString() => $"{Name}: {Type}";
}
