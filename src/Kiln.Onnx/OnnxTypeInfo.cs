using System.Globalization;
using System.Text;

namespace Kiln.Onnx;

/// <summary>The declared type of a model input or output (or of a value).</summary>
public sealed class OnnxTypeInfo
{
    private static readonly IReadOnlyList<long> NoDimensions = [];
    private static readonly IReadOnlyList<string?> NoSymbols = [];

    private OnnxTypeInfo(OnnxValueKind kind)
    {
        Kind = kind;
    }

    public OnnxValueKind Kind { get; }

    /// <summary>Element type of a tensor or sparse tensor.</summary>
    public OnnxElementType ElementType { get; private init; }

    /// <summary>Dimensions of a tensor; -1 where the size is symbolic or unknown. Empty for a scalar or a non-tensor.</summary>
    public IReadOnlyList<long> Shape { get; private init; } = NoDimensions;

    /// <summary>Symbolic name of each dimension (e.g. "batch"), or null where the dimension has none.</summary>
    public IReadOnlyList<string?> SymbolicDimensions { get; private init; } = NoSymbols;

    /// <summary>Key element type of a map.</summary>
    public OnnxElementType MapKeyType { get; private init; }

    /// <summary>Value type of a map.</summary>
    public OnnxTypeInfo? MapValueType { get; private init; }

    /// <summary>Element type of a sequence.</summary>
    public OnnxTypeInfo? SequenceElementType { get; private init; }

    /// <summary>Contained type of an optional.</summary>
    public OnnxTypeInfo? OptionalElementType { get; private init; }

    internal static OnnxTypeInfo Tensor(OnnxElementType elementType, IReadOnlyList<long> shape, IReadOnlyList<string?> symbolicDimensions, bool sparse = false)
        => new(sparse ? OnnxValueKind.SparseTensor : OnnxValueKind.Tensor)
        {
            ElementType = elementType,
            Shape = shape,
            SymbolicDimensions = symbolicDimensions,
        };

    internal static OnnxTypeInfo Sequence(OnnxTypeInfo elementType) => new(OnnxValueKind.Sequence) { SequenceElementType = elementType };

    internal static OnnxTypeInfo Map(OnnxElementType keyType, OnnxTypeInfo valueType)
        => new(OnnxValueKind.Map) { MapKeyType = keyType, MapValueType = valueType };

    internal static OnnxTypeInfo Optional(OnnxTypeInfo elementType) => new(OnnxValueKind.Optional) { OptionalElementType = elementType };

    internal static OnnxTypeInfo Other(OnnxValueKind kind) => new(kind);

    /// <summary>ONNX-style text, e.g. <c>tensor(float)[batch,4]</c> or <c>seq(map(int64,tensor(float)))</c>.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        Append(text);
        return text.ToString();
    }

    private void Append(StringBuilder text)
    {
        switch (Kind)
        {
            case OnnxValueKind.Tensor or OnnxValueKind.SparseTensor:
                text.Append(Kind == OnnxValueKind.Tensor ? "tensor(" : "sparse_tensor(").Append(ElementName(ElementType)).Append(")[");
                for (var i = 0; i < Shape.Count; i++)
                {
                    text.Append(i == 0 ? string.Empty : ",");
                    text.Append(SymbolicDimensions.Count > i && SymbolicDimensions[i] is { } symbol
                        ? symbol
                        : Shape[i] < 0 ? "?" : Shape[i].ToString(CultureInfo.InvariantCulture));
                }

                text.Append(']');
                break;
            case OnnxValueKind.Sequence:
                text.Append("seq(");
                SequenceElementType?.Append(text);
                text.Append(')');
                break;
            case OnnxValueKind.Map:
                text.Append("map(").Append(ElementName(MapKeyType)).Append(',');
                MapValueType?.Append(text);
                text.Append(')');
                break;
            case OnnxValueKind.Optional:
                text.Append("optional(");
                OptionalElementType?.Append(text);
                text.Append(')');
                break;
            default:
                text.Append(Kind.ToString().ToLowerInvariant());
                break;
        }
    }

    private static string ElementName(OnnxElementType type) => type.ToString().ToLowerInvariant();
}
