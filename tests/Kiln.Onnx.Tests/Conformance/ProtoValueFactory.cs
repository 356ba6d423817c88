namespace Kiln.Onnx.Tests.Conformance;

/// <summary>Creates ORT values from test-data protos.</summary>
internal static class ProtoValueFactory
{
    /// <summary>The value to feed, or null for an optional None (which is fed by leaving the input out).</summary>
    public static OnnxValue? Create(ProtoValue proto) => proto switch
    {
        ProtoTensor tensor => CreateTensor(tensor),
        ProtoSequence sequence => CreateSequence(sequence),
        ProtoMap map => CreateMap(map),
        ProtoOptional optional => optional.Value is null ? null : Create(optional.Value),
        _ => throw new NotSupportedException($"Cannot feed a {proto.GetType().Name}."),
    };

    private static OnnxValue CreateTensor(ProtoTensor tensor)
        => tensor.Strings is { } strings
            ? OnnxValue.CreateStringTensor(strings, tensor.Dims)
            : OnnxValue.CreateTensor(tensor.ElementType, tensor.Data.AsMemory(), tensor.Dims);

    private static OnnxValue CreateSequence(ProtoSequence sequence)
    {
        if (sequence.Elements.Count == 0)
        {
            throw new NotSupportedException("ORT cannot create an empty sequence through the C API (it has no element type).");
        }

        var elements = new OnnxValue[sequence.Elements.Count];
        try
        {
            for (var i = 0; i < elements.Length; i++)
            {
                elements[i] = Create(sequence.Elements[i]) ?? throw new NotSupportedException("Sequences of optionals are not supported.");
            }

            return OnnxValue.CreateSequence(elements);
        }
        finally
        {
            foreach (var element in elements)
            {
                element?.Dispose();
            }
        }
    }

    private static OnnxValue CreateMap(ProtoMap map)
    {
        if (map.Values is not ProtoSequence { Elements: [ProtoTensor values] })
        {
            throw new NotSupportedException("Only maps whose values are one tensor are supported.");
        }

        using var keys = CreateTensor(map.Keys);
        using var valueTensor = CreateTensor(values);
        return OnnxValue.CreateMap(keys, valueTensor);
    }
}
