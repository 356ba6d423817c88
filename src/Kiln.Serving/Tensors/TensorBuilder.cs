using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Kiln.Core;
using Kiln.Onnx.Numerics;

namespace Kiln.Serving.Tensors;

/// <summary>
/// Collects the elements of one tensor of a known datatype into a pooled buffer, converting JSON tokens as they are
/// read. Strict mode (the Open Inference Protocol) takes only the JSON type that the datatype calls for; lenient mode
/// (MLflow scoring, where pandas decides types) also takes integral numbers for integers, numbers for booleans and
/// null as NaN for floats.
/// </summary>
internal sealed class TensorBuilder : IDisposable
{
    private const int InitialElements = 64;

    private byte[]? _buffer;
    private string[]? _strings;

    public TensorBuilder(TensorDataType dataType, bool lenient, string tensorName, long expectedElements = 0)
    {
        DataType = dataType;
        Lenient = lenient;
        TensorName = tensorName;
        var capacity = (int)Math.Clamp(expectedElements, InitialElements, int.MaxValue / 16);
        if (dataType == TensorDataType.Bytes)
        {
            _strings = ArrayPool<string>.Shared.Rent(capacity);
        }
        else
        {
            _buffer = ArrayPool<byte>.Shared.Rent(capacity * dataType.ElementSize());
        }
    }

    public TensorDataType DataType { get; }

    public bool Lenient { get; }

    public string TensorName { get; }

    public int Count { get; private set; }

    /// <summary>Appends the scalar the reader is on.</summary>
    public void Add(ref Utf8JsonReader reader)
    {
        if (DataType == TensorDataType.Bytes)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw Invalid(reader.TokenType);
            }
            AddString(reader.GetString()!);
            return;
        }
        var size = DataType.ElementSize();
        var slot = Reserve(size);
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                WriteNumber(ref reader, slot);
                break;
            case JsonTokenType.True or JsonTokenType.False when DataType == TensorDataType.Bool || Lenient:
                WriteDouble(reader.TokenType == JsonTokenType.True ? 1 : 0, slot);
                break;
            case JsonTokenType.Null when Lenient && DataType is TensorDataType.FP16 or TensorDataType.BF16 or TensorDataType.FP32 or TensorDataType.FP64:
                WriteDouble(double.NaN, slot);
                break;
            default:
                throw Invalid(reader.TokenType);
        }
        Count++;
    }

    public void AddString(string value)
    {
        EnsureStringCapacity(Count);
        _strings![Count++] = value;
    }

    /// <summary>Writes the scalar the reader is on at element <paramref name="index"/> (growing as needed), for column tables.</summary>
    public void SetAt(int index, ref Utf8JsonReader reader)
    {
        var saved = Count;
        Count = index;
        Add(ref reader);
        Count = Math.Max(saved, index + 1);
    }

    /// <summary>Hands the elements over as a tensor of <paramref name="shape"/>; the builder is empty afterwards.</summary>
    public InferenceTensor Build(string name, long[] shape)
    {
        var count = InferenceTensor.ShapeElementCount(shape);
        if (count != Count)
        {
            throw KilnException.InvalidParameter($"Input '{name}' has shape [{string.Join(',', shape)}], which holds {count} elements, but {Count} were given.");
        }
        if (DataType == TensorDataType.Bytes)
        {
            var strings = _strings!;
            _strings = null;
            return InferenceTensor.FromPooledStrings(name, shape, strings);
        }
        var buffer = _buffer!;
        _buffer = null;
        return InferenceTensor.FromPooledBuffer(name, DataType, shape, buffer);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
        if (_strings is not null)
        {
            ArrayPool<string>.Shared.Return(_strings, clearArray: true);
            _strings = null;
        }
    }

    /// <summary>Copies raw little-endian elements (the binary tensor extension) into the buffer.</summary>
    public void AddRaw(ReadOnlySpan<byte> bytes)
    {
        var size = DataType.ElementSize();
        var slot = ReserveBytes(bytes.Length);
        bytes.CopyTo(slot);
        Count += bytes.Length / size;
    }

    private Span<byte> Reserve(int size) => ReserveBytes(size);

    private Span<byte> ReserveBytes(int length)
    {
        var offset = Count * DataType.ElementSize();
        var needed = offset + length;
        if (needed > _buffer!.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.CopyTo(larger, 0);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        return _buffer.AsSpan(offset, length);
    }

    private void EnsureStringCapacity(int index)
    {
        if (index >= _strings!.Length)
        {
            var larger = ArrayPool<string>.Shared.Rent(Math.Max(index + 1, _strings.Length * 2));
            _strings.CopyTo(larger, 0);
            ArrayPool<string>.Shared.Return(_strings, clearArray: true);
            _strings = larger;
        }
    }

    private void WriteNumber(ref Utf8JsonReader reader, Span<byte> slot)
    {
        switch (DataType)
        {
            case TensorDataType.FP32:
                if (!reader.TryGetSingle(out var single))
                {
                    throw OutOfRange(ref reader);
                }
                Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(slot), single);
                return;
            case TensorDataType.FP64:
                Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(slot), reader.GetDouble());
                return;
            case TensorDataType.FP16 or TensorDataType.BF16:
                WriteDouble(reader.GetDouble(), slot);
                return;
            case TensorDataType.Bool:
                if (!Lenient)
                {
                    throw Invalid(JsonTokenType.Number);
                }
                WriteDouble(reader.GetDouble(), slot);
                return;
            case TensorDataType.UInt64:
                if (!reader.TryGetUInt64(out var unsigned))
                {
                    WriteInteger(IntegralDouble(ref reader), slot);
                    return;
                }
                BinaryPrimitives.WriteUInt64LittleEndian(slot, unsigned);
                return;
            default:
                WriteInteger(reader.TryGetInt64(out var integer) ? integer : IntegralDouble(ref reader), slot);
                return;
        }
    }

    private long IntegralDouble(ref Utf8JsonReader reader)
    {
        if (Lenient && reader.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9.2e18)
        {
            return (long)real;
        }
        throw OutOfRange(ref reader);
    }

    private void WriteInteger(long value, Span<byte> slot)
    {
        var inRange = DataType switch
        {
            TensorDataType.Int8 => value is >= sbyte.MinValue and <= sbyte.MaxValue,
            TensorDataType.Int16 => value is >= short.MinValue and <= short.MaxValue,
            TensorDataType.Int32 => value is >= int.MinValue and <= int.MaxValue,
            TensorDataType.UInt8 => value is >= 0 and <= byte.MaxValue,
            TensorDataType.UInt16 => value is >= 0 and <= ushort.MaxValue,
            TensorDataType.UInt32 => value is >= 0 and <= uint.MaxValue,
            TensorDataType.UInt64 => value >= 0,
            _ => true,
        };
        if (!inRange)
        {
            throw KilnException.InvalidParameter($"Input '{TensorName}': {value} is out of range for {DataType.ToName()}.");
        }
        switch (DataType)
        {
            case TensorDataType.Int8 or TensorDataType.UInt8:
                slot[0] = (byte)value;
                break;
            case TensorDataType.Int16 or TensorDataType.UInt16:
                BinaryPrimitives.WriteInt16LittleEndian(slot, (short)value);
                break;
            case TensorDataType.Int32 or TensorDataType.UInt32:
                BinaryPrimitives.WriteInt32LittleEndian(slot, (int)value);
                break;
            default:
                BinaryPrimitives.WriteInt64LittleEndian(slot, value);
                break;
        }
    }

    /// <summary>Writes a number given as a double in the builder's datatype (lenient conversions, booleans, NaN).</summary>
    private void WriteDouble(double value, Span<byte> slot)
    {
        switch (DataType)
        {
            case TensorDataType.FP32:
                Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(slot), (float)value);
                break;
            case TensorDataType.FP64:
                Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(slot), value);
                break;
            case TensorDataType.FP16:
                Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(slot), (Half)value);
                break;
            case TensorDataType.BF16:
                Unsafe.WriteUnaligned(ref MemoryMarshal.GetReference(slot), BFloat16.FromSingle((float)value));
                break;
            case TensorDataType.Bool:
                slot[0] = value != 0 ? (byte)1 : (byte)0;
                break;
            default:
                if (double.IsNaN(value) || value != Math.Floor(value))
                {
                    throw KilnException.InvalidParameter($"Input '{TensorName}': {value} is not an integer ({DataType.ToName()}).");
                }
                WriteInteger((long)value, slot);
                break;
        }
    }

    private KilnException Invalid(JsonTokenType token) => KilnException.InvalidParameter(
        $"Input '{TensorName}' is {DataType.ToName()}, but its data holds a {Describe(token)}.");

    private KilnException OutOfRange(ref Utf8JsonReader reader) => KilnException.InvalidParameter(
        $"Input '{TensorName}': {System.Text.Encoding.UTF8.GetString(reader.ValueSpan)} is not a valid {DataType.ToName()} value.");

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "JSON object",
        _ => token.ToString(),
    };
}
