namespace Kiln.Onnx;

/// <summary>Sizes and numbering conversions for <see cref="OnnxElementType"/>.</summary>
public static class OnnxElementTypes
{
    /// <summary>Bits one element occupies in a tensor's buffer (0 for strings and undefined).</summary>
    public static int BitsPerElement(this OnnxElementType type) => type switch
    {
        OnnxElementType.Bool or OnnxElementType.UInt8 or OnnxElementType.Int8 => 8,
        OnnxElementType.Float8E4M3FN or OnnxElementType.Float8E4M3FNUZ => 8,
        OnnxElementType.Float8E5M2 or OnnxElementType.Float8E5M2FNUZ or OnnxElementType.Float8E8M0 => 8,
        OnnxElementType.UInt16 or OnnxElementType.Int16 or OnnxElementType.Float16 or OnnxElementType.BFloat16 => 16,
        OnnxElementType.Float or OnnxElementType.Int32 or OnnxElementType.UInt32 => 32,
        OnnxElementType.Double or OnnxElementType.Int64 or OnnxElementType.UInt64 or OnnxElementType.Complex64 => 64,
        OnnxElementType.Complex128 => 128,
        OnnxElementType.UInt4 or OnnxElementType.Int4 or OnnxElementType.Float4E2M1 => 4,
        OnnxElementType.UInt2 or OnnxElementType.Int2 => 2,
        _ => 0,
    };

    /// <summary>Bytes a dense tensor of <paramref name="elementCount"/> elements occupies (sub-byte types are packed).</summary>
    public static long ByteCount(this OnnxElementType type, long elementCount)
    {
        var bits = type.BitsPerElement();
        if (bits == 0)
        {
            throw new ArgumentException($"{type} has no fixed element size.", nameof(type));
        }

        return bits >= 8 ? elementCount * (bits / 8) : ((elementCount * bits) + 7) / 8;
    }

    /// <summary>Maps ONNX's <c>TensorProto.DataType</c> wire number to ORT's numbering.</summary>
    public static OnnxElementType FromOnnxDataType(int onnxDataType) => onnxDataType switch
    {
        24 => OnnxElementType.Float8E8M0,
        25 => OnnxElementType.UInt2,
        26 => OnnxElementType.Int2,
        _ => (OnnxElementType)onnxDataType,
    };

    /// <summary>Maps ORT's numbering to ONNX's <c>TensorProto.DataType</c> wire number.</summary>
    public static int ToOnnxDataType(this OnnxElementType type) => type switch
    {
        OnnxElementType.Float8E8M0 => 24,
        OnnxElementType.UInt2 => 25,
        OnnxElementType.Int2 => 26,
        _ => (int)type,
    };
}
