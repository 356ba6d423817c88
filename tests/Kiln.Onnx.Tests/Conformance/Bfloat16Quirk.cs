namespace Kiln.Onnx.Tests.Conformance;

/// <summary>
/// ONNX 1.12's test data stores bfloat16 tensors with data_type UINT16 (the same 16 bits). Where the model declares
/// bfloat16, read them as what they are.
/// </summary>
internal static class Bfloat16Quirk
{
    public static ProtoValue Apply(ProtoValue value, OnnxTypeInfo declared)
        => value is ProtoTensor { ElementType: OnnxElementType.UInt16 } tensor
           && declared is { Kind: OnnxValueKind.Tensor, ElementType: OnnxElementType.BFloat16 }
            ? tensor with { ElementType = OnnxElementType.BFloat16 }
            : value;
}
