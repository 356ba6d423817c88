using System.Runtime.InteropServices;

namespace Kiln.Onnx.Tests.Models;

/// <summary>Builds small ONNX models (ModelProto bytes) for tests, so tests need no Python.</summary>
internal sealed class OnnxModelBuilder
{
    private readonly ProtoWriter _graph = new();
    private readonly List<(string Domain, long Version)> _opsets = [("", 21)];
    private readonly List<(string Key, string Value)> _metadata = [];

    public long IrVersion { get; set; } = 10;

    public string ProducerName { get; set; } = "kiln-tests";

    public string Domain { get; set; } = string.Empty;

    public long ModelVersion { get; set; }

    public string Description { get; set; } = string.Empty;

    public string GraphName { get; set; } = "graph";

    public string GraphDescription { get; set; } = string.Empty;

    public OnnxModelBuilder Opset(string domain, long version)
    {
        _opsets.RemoveAll(o => o.Domain == domain);
        _opsets.Add((domain, version));
        return this;
    }

    public OnnxModelBuilder Metadata(string key, string value)
    {
        _metadata.Add((key, value));
        return this;
    }

    public OnnxModelBuilder Input(string name, ProtoWriter type)
    {
        _graph.Message(11, new ProtoWriter().String(1, name).Message(2, type));
        return this;
    }

    public OnnxModelBuilder Output(string name, ProtoWriter type)
    {
        _graph.Message(12, new ProtoWriter().String(1, name).Message(2, type));
        return this;
    }

    public OnnxModelBuilder Node(string opType, string[] inputs, string[] outputs, string domain = "", params ProtoWriter[] attributes)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }

        foreach (var output in outputs)
        {
            node.String(2, output);
        }

        node.String(3, $"{opType}_{outputs[0]}").String(4, opType);
        foreach (var attribute in attributes)
        {
            node.Message(5, attribute);
        }

        if (domain.Length > 0)
        {
            node.String(7, domain);
        }

        _graph.Message(1, node);
        return this;
    }

    public OnnxModelBuilder Initializer(string name, OnnxElementType type, long[] dims, ReadOnlySpan<byte> rawData)
    {
        _graph.Message(5, TensorProto(name, type, dims, rawData));
        return this;
    }

    public byte[] Build()
    {
        var model = new ProtoWriter().Int64(1, IrVersion).String(2, ProducerName).String(3, "1.0");
        if (Domain.Length > 0)
        {
            model.String(4, Domain);
        }

        model.Int64(5, ModelVersion);
        if (Description.Length > 0)
        {
            model.String(6, Description);
        }

        var graph = new ProtoWriter().Raw(_graph.ToArray()).String(2, GraphName);
        if (GraphDescription.Length > 0)
        {
            graph.String(10, GraphDescription);
        }

        model.Message(7, graph);
        foreach (var (domain, version) in _opsets)
        {
            model.Message(8, new ProtoWriter().String(1, domain).Int64(2, version));
        }

        foreach (var (key, value) in _metadata)
        {
            model.Message(14, new ProtoWriter().String(1, key).String(2, value));
        }

        return model.ToArray();
    }

    /// <summary>Marks a dimension with neither a size nor a symbolic name.</summary>
    public const string UnknownDim = "?";

    /// <summary>A tensor type; a dimension is a number, a string for a symbolic dimension, or <see cref="UnknownDim"/>.</summary>
    public static ProtoWriter TensorType(OnnxElementType elementType, params object[] dims)
    {
        var shape = new ProtoWriter();
        foreach (var dim in dims)
        {
            var dimension = new ProtoWriter();
            switch (dim)
            {
                case UnknownDim:
                    break;
                case string symbol:
                    dimension.String(2, symbol);
                    break;
                default:
                    dimension.Int64(1, Convert.ToInt64(dim, System.Globalization.CultureInfo.InvariantCulture));
                    break;
            }

            shape.Message(1, dimension);
        }

        var tensor = new ProtoWriter().Int64(1, elementType.ToOnnxDataType()).Message(2, shape);
        return new ProtoWriter().Message(1, tensor);
    }

    public static ProtoWriter SequenceType(ProtoWriter elementType) => new ProtoWriter().Message(4, new ProtoWriter().Message(1, elementType));

    public static ProtoWriter MapType(OnnxElementType keyType, ProtoWriter valueType)
        => new ProtoWriter().Message(5, new ProtoWriter().Int64(1, keyType.ToOnnxDataType()).Message(2, valueType));

    public static ProtoWriter OptionalType(ProtoWriter elementType) => new ProtoWriter().Message(9, new ProtoWriter().Message(1, elementType));

    public static ProtoWriter IntAttribute(string name, long value) => new ProtoWriter().String(1, name).Int64(3, value).Int64(20, 2);

    public static ProtoWriter FloatAttribute(string name, float value) => new ProtoWriter().String(1, name).Float(2, value).Int64(20, 1);

    public static ProtoWriter StringAttribute(string name, string value) => new ProtoWriter().String(1, name).String(4, value).Int64(20, 3);

    public static ProtoWriter IntsAttribute(string name, params long[] values)
    {
        var attribute = new ProtoWriter().String(1, name);
        foreach (var value in values)
        {
            attribute.Int64(8, value);
        }

        return attribute.Int64(20, 7);
    }

    public static ProtoWriter StringsAttribute(string name, params string[] values)
    {
        var attribute = new ProtoWriter().String(1, name);
        foreach (var value in values)
        {
            attribute.String(9, value);
        }

        return attribute.Int64(20, 8);
    }

    public static ProtoWriter TensorAttribute(string name, ProtoWriter tensor) => new ProtoWriter().String(1, name).Message(5, tensor).Int64(20, 4);

    public static ProtoWriter TensorProto(string name, OnnxElementType type, long[] dims, ReadOnlySpan<byte> rawData)
    {
        var tensor = new ProtoWriter();
        foreach (var dim in dims)
        {
            tensor.Int64(1, dim);
        }

        return tensor.Int64(2, type.ToOnnxDataType()).String(8, name).Bytes(9, rawData);
    }

    public static ProtoWriter TensorProto<T>(string name, long[] dims, T[] values)
        where T : unmanaged
        => TensorProto(name, ElementTypeOf<T>.Value, dims, MemoryMarshal.AsBytes(values.AsSpan()));
}
