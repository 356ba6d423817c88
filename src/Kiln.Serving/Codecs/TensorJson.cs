using System.Buffers;
using System.Buffers.Binary;
using System.Text.Json;
using Kiln.Onnx.Numerics;
using Kiln.Serving.Inference;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Codecs;

/// <summary>Writes output tensors as JSON numbers, booleans or strings: flat, or nested by shape.</summary>
internal static class TensorJson
{
    public static void WriteFlat(Utf8JsonWriter writer, in OutputTensor tensor)
    {
        writer.WriteStartArray();
        WriteElements(writer, tensor, 0, tensor.ElementCount);
        writer.WriteEndArray();
    }

    /// <summary>Nested lists as numpy's <c>tolist()</c> gives them; a scalar as a bare value.</summary>
    public static void WriteNested(Utf8JsonWriter writer, in OutputTensor tensor)
    {
        if (tensor.Rank == 0)
        {
            WriteElements(writer, tensor, 0, 1);
            return;
        }
        long offset = 0;
        WriteDimension(writer, tensor, 0, ref offset);
    }

    private static void WriteDimension(Utf8JsonWriter writer, in OutputTensor tensor, int dimension, ref long offset)
    {
        var length = tensor.Dimension(dimension);
        writer.WriteStartArray();
        if (dimension == tensor.Rank - 1)
        {
            WriteElements(writer, tensor, offset, length);
            offset += length;
        }
        else
        {
            for (long i = 0; i < length; i++)
            {
                WriteDimension(writer, tensor, dimension + 1, ref offset);
            }
        }
        writer.WriteEndArray();
    }

    private static void WriteElements(Utf8JsonWriter writer, in OutputTensor tensor, long start, long count)
    {
        var first = checked((int)start);
        var length = checked((int)count);
        switch (tensor.DataType)
        {
            case TensorDataType.FP32:
                foreach (var value in tensor.Elements<float>().Slice(first, length))
                {
                    WriteFloat(writer, value);
                }
                break;
            case TensorDataType.FP64:
                foreach (var value in tensor.Elements<double>().Slice(first, length))
                {
                    WriteDouble(writer, value);
                }
                break;
            case TensorDataType.Int64:
                foreach (var value in tensor.Elements<long>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.Int32:
                foreach (var value in tensor.Elements<int>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.Int16:
                foreach (var value in tensor.Elements<short>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.Int8:
                foreach (var value in tensor.Elements<sbyte>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.UInt64:
                foreach (var value in tensor.Elements<ulong>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.UInt32:
                foreach (var value in tensor.Elements<uint>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.UInt16:
                foreach (var value in tensor.Elements<ushort>().Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.UInt8:
                foreach (var value in tensor.Bytes.Slice(first, length))
                {
                    writer.WriteNumberValue(value);
                }
                break;
            case TensorDataType.Bool:
                foreach (var value in tensor.Bytes.Slice(first, length))
                {
                    writer.WriteBooleanValue(value != 0);
                }
                break;
            case TensorDataType.FP16:
                foreach (var value in tensor.Elements<Half>().Slice(first, length))
                {
                    WriteFloat(writer, (float)value);
                }
                break;
            case TensorDataType.BF16:
                foreach (var value in tensor.Elements<BFloat16>().Slice(first, length))
                {
                    WriteFloat(writer, value.ToSingle());
                }
                break;
            default:
                foreach (var value in tensor.Strings.Slice(first, length))
                {
                    writer.WriteStringValue(value);
                }
                break;
        }
    }

    /// <summary>Non-finite values as the strings Python's json module would write unquoted (JSON has no NaN).</summary>
    private static void WriteFloat(Utf8JsonWriter writer, float value)
    {
        if (float.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    private static void WriteDouble(Utf8JsonWriter writer, double value)
    {
        if (double.IsFinite(value))
        {
            writer.WriteNumberValue(value);
        }
        else
        {
            writer.WriteStringValue(double.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
        }
    }

    /// <summary>The binary tensor extension's bytes for an output; BYTES elements are length-prefixed.</summary>
    public static int BinarySize(in OutputTensor tensor)
    {
        if (tensor.DataType != TensorDataType.Bytes)
        {
            return tensor.Bytes.Length;
        }
        var size = 0;
        foreach (var value in tensor.Strings)
        {
            size += 4 + System.Text.Encoding.UTF8.GetByteCount(value);
        }
        return size;
    }

    public static void WriteBinary(IBufferWriter<byte> output, in OutputTensor tensor)
    {
        if (tensor.DataType != TensorDataType.Bytes)
        {
            output.Write(tensor.Bytes);
            return;
        }
        foreach (var value in tensor.Strings)
        {
            var length = System.Text.Encoding.UTF8.GetByteCount(value);
            var span = output.GetSpan(4 + length);
            BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
            System.Text.Encoding.UTF8.GetBytes(value, span[4..]);
            output.Advance(4 + length);
        }
    }
}
