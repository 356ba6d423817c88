using System.Buffers;
using System.Runtime.InteropServices;

namespace Kiln.Serving.Tensors;

/// <summary>
/// One input tensor of a request: datatype, shape and elements, held in a pooled buffer (BYTES: a pooled array of
/// strings). The request owns it and returns the buffer to the pool when disposed.
/// </summary>
public sealed class InferenceTensor : IDisposable
{
    private byte[]? _buffer;
    private string[]? _strings;

    internal InferenceTensor(string name, TensorDataType dataType, long[] shape, byte[]? buffer, string[]? strings, long elementCount)
    {
        Name = name;
        DataType = dataType;
        Shape = shape;
        _buffer = buffer;
        _strings = strings;
        ElementCount = elementCount;
    }

    public string Name { get; }

    public TensorDataType DataType { get; }

    public long[] Shape { get; }

    public long ElementCount { get; }

    /// <summary>Rows along the batch (first) dimension; 1 for a scalar.</summary>
    public long Rows => Shape.Length == 0 ? 1 : Shape[0];

    public int ByteLength => checked((int)(ElementCount * DataType.ElementSize()));

    /// <summary>The elements' bytes (not for BYTES).</summary>
    public Memory<byte> Memory => _buffer is null ? Memory<byte>.Empty : _buffer.AsMemory(0, ByteLength);

    public ReadOnlySpan<byte> Bytes => Memory.Span;

    public ReadOnlySpan<T> Elements<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Bytes);

    /// <summary>The strings of a BYTES tensor.</summary>
    public ReadOnlySpan<string> Strings => _strings is null ? [] : _strings.AsSpan(0, (int)ElementCount);

    /// <summary>A numeric tensor over a buffer rented from <see cref="ArrayPool{T}.Shared"/>, which it now owns.</summary>
    public static InferenceTensor FromPooledBuffer(string name, TensorDataType dataType, long[] shape, byte[] buffer)
        => new(name, dataType, shape, buffer, null, ShapeElementCount(shape));

    /// <summary>A BYTES tensor over a string array rented from <see cref="ArrayPool{T}.Shared"/>, which it now owns.</summary>
    public static InferenceTensor FromPooledStrings(string name, long[] shape, string[] strings)
        => new(name, TensorDataType.Bytes, shape, null, strings, ShapeElementCount(shape));

    /// <summary>Copies <paramref name="elements"/> into a pooled buffer (tests and callers holding plain arrays).</summary>
    public static InferenceTensor Create<T>(string name, TensorDataType dataType, long[] shape, ReadOnlySpan<T> elements)
        where T : unmanaged
    {
        var bytes = MemoryMarshal.AsBytes(elements);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, bytes.Length));
        bytes.CopyTo(buffer);
        return new InferenceTensor(name, dataType, shape, buffer, null, ShapeElementCount(shape));
    }

    public static InferenceTensor CreateStrings(string name, long[] shape, ReadOnlySpan<string> elements)
    {
        var strings = ArrayPool<string>.Shared.Rent(Math.Max(1, elements.Length));
        elements.CopyTo(strings);
        return new InferenceTensor(name, TensorDataType.Bytes, shape, null, strings, ShapeElementCount(shape));
    }

    public static long ShapeElementCount(ReadOnlySpan<long> shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            count = checked(count * dimension);
        }
        return count;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _buffer, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        if (Interlocked.Exchange(ref _strings, null) is { } strings)
        {
            ArrayPool<string>.Shared.Return(strings, clearArray: true);
        }
    }
}
