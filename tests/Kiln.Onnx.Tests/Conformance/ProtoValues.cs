namespace Kiln.Onnx.Tests.Conformance;

/// <summary>A value read from an ONNX test-data file (TensorProto, SequenceProto, MapProto or OptionalProto).</summary>
internal abstract record ProtoValue;

/// <summary>A dense tensor with its elements in ORT's in-memory layout (little-endian, sub-byte types packed).</summary>
internal sealed record ProtoTensor(string Name, OnnxElementType ElementType, long[] Dims, byte[] Data, string[]? Strings) : ProtoValue
{
    public long ElementCount
    {
        get
        {
            long count = 1;
            foreach (var dim in Dims)
            {
                count *= dim;
            }

            return count;
        }
    }
}

internal sealed record ProtoSequence(IReadOnlyList<ProtoValue> Elements) : ProtoValue;

internal sealed record ProtoMap(ProtoTensor Keys, ProtoValue Values) : ProtoValue;

/// <summary>An optional; <see cref="Value"/> is null for None.</summary>
internal sealed record ProtoOptional(ProtoValue? Value) : ProtoValue;
