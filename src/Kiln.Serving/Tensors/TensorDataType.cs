using Kiln.Onnx;

namespace Kiln.Serving.Tensors;

/// <summary>The Open Inference Protocol's tensor datatypes.</summary>
public enum TensorDataType
{
    Bool,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Int8,
    Int16,
    Int32,
    Int64,
    FP16,
    BF16,
    FP32,
    FP64,
    Bytes,
}

/// <summary>Names, sizes and ONNX equivalents of <see cref="TensorDataType"/>.</summary>
public static class TensorDataTypes
{
    private static readonly string[] Names = ["BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "INT32", "INT64", "FP16", "BF16", "FP32", "FP64", "BYTES"];
    private static readonly byte[][] Utf8Names = CreateUtf8Names();

    /// <summary>The protocol name, e.g. <c>FP32</c>.</summary>
    public static string ToName(this TensorDataType type) => Names[(int)type];

    public static ReadOnlySpan<byte> ToUtf8Name(this TensorDataType type) => Utf8Names[(int)type];

    public static bool TryParse(ReadOnlySpan<byte> utf8Name, out TensorDataType type)
    {
        for (var i = 0; i < Utf8Names.Length; i++)
        {
            if (utf8Name.SequenceEqual(Utf8Names[i]))
            {
                type = (TensorDataType)i;
                return true;
            }
        }
        type = default;
        return false;
    }

    /// <summary>Bytes per element in a buffer; 0 for BYTES (variable length).</summary>
    public static int ElementSize(this TensorDataType type) => type switch
    {
        TensorDataType.Bool or TensorDataType.UInt8 or TensorDataType.Int8 => 1,
        TensorDataType.UInt16 or TensorDataType.Int16 or TensorDataType.FP16 or TensorDataType.BF16 => 2,
        TensorDataType.UInt32 or TensorDataType.Int32 or TensorDataType.FP32 => 4,
        TensorDataType.UInt64 or TensorDataType.Int64 or TensorDataType.FP64 => 8,
        _ => 0,
    };

    public static OnnxElementType ToOnnx(this TensorDataType type) => type switch
    {
        TensorDataType.Bool => OnnxElementType.Bool,
        TensorDataType.UInt8 => OnnxElementType.UInt8,
        TensorDataType.UInt16 => OnnxElementType.UInt16,
        TensorDataType.UInt32 => OnnxElementType.UInt32,
        TensorDataType.UInt64 => OnnxElementType.UInt64,
        TensorDataType.Int8 => OnnxElementType.Int8,
        TensorDataType.Int16 => OnnxElementType.Int16,
        TensorDataType.Int32 => OnnxElementType.Int32,
        TensorDataType.Int64 => OnnxElementType.Int64,
        TensorDataType.FP16 => OnnxElementType.Float16,
        TensorDataType.BF16 => OnnxElementType.BFloat16,
        TensorDataType.FP32 => OnnxElementType.Float,
        TensorDataType.FP64 => OnnxElementType.Double,
        _ => OnnxElementType.String,
    };

    public static bool TryFromOnnx(OnnxElementType type, out TensorDataType dataType)
    {
        dataType = type switch
        {
            OnnxElementType.Bool => TensorDataType.Bool,
            OnnxElementType.UInt8 => TensorDataType.UInt8,
            OnnxElementType.UInt16 => TensorDataType.UInt16,
            OnnxElementType.UInt32 => TensorDataType.UInt32,
            OnnxElementType.UInt64 => TensorDataType.UInt64,
            OnnxElementType.Int8 => TensorDataType.Int8,
            OnnxElementType.Int16 => TensorDataType.Int16,
            OnnxElementType.Int32 => TensorDataType.Int32,
            OnnxElementType.Int64 => TensorDataType.Int64,
            OnnxElementType.Float16 => TensorDataType.FP16,
            OnnxElementType.BFloat16 => TensorDataType.BF16,
            OnnxElementType.Float => TensorDataType.FP32,
            OnnxElementType.Double => TensorDataType.FP64,
            OnnxElementType.String => TensorDataType.Bytes,
            _ => (TensorDataType)(-1),
        };
        return (int)dataType >= 0;
    }

    /// <summary>The MLflow tensor-spec dtype (numpy name) for a datatype.</summary>
    public static string ToNumpyName(this TensorDataType type) => type switch
    {
        TensorDataType.Bool => "bool",
        TensorDataType.UInt8 => "uint8",
        TensorDataType.UInt16 => "uint16",
        TensorDataType.UInt32 => "uint32",
        TensorDataType.UInt64 => "uint64",
        TensorDataType.Int8 => "int8",
        TensorDataType.Int16 => "int16",
        TensorDataType.Int32 => "int32",
        TensorDataType.Int64 => "int64",
        TensorDataType.FP16 => "float16",
        TensorDataType.BF16 => "bfloat16",
        TensorDataType.FP32 => "float32",
        TensorDataType.FP64 => "float64",
        _ => "str",
    };

    private static byte[][] CreateUtf8Names()
    {
        var names = new byte[Names.Length][];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = System.Text.Encoding.UTF8.GetBytes(Names[i]);
        }
        return names;
    }
}
