using System.Buffers;
using System.Text;
using Kiln.Onnx.Native;

namespace Kiln.Onnx;

public sealed unsafe partial class OnnxValue
{
    /// <summary>Number of elements of a sequence (a map reports 2: its keys and its values).</summary>
    public int Count
    {
        get
        {
            nuint count;
            OrtStatus.Check(OrtApi.GetValueCount(Pointer, &count));
            return checked((int)count);
        }
    }

    /// <summary>Element <paramref name="index"/> of a sequence, as a new value the caller disposes.</summary>
    public OnnxValue GetElement(int index)
    {
        nint element;
        OrtStatus.Check(OrtApi.GetValue(Pointer, index, OrtMemory.DefaultAllocator, &element));
        return new OnnxValue(new OrtValueHandle(element));
    }

    /// <summary>The keys of a map, as a new 1-D tensor.</summary>
    public OnnxValue GetMapKeys() => GetElement(0);

    /// <summary>The values of a map, as a new 1-D tensor.</summary>
    public OnnxValue GetMapValues() => GetElement(1);

    /// <summary>
    /// For a sequence of maps with equal keys (a classifier's ZipMap output, <c>seq(map(int64|string, float))</c>):
    /// writes the map values row by row into <paramref name="destination"/> (rows = sequence length,
    /// columns = map size, ordered by key) and returns the number of columns. Allocates nothing managed.
    /// </summary>
    public int CopyMapSequenceValues<TValue>(Span<TValue> destination)
        where TValue : unmanaged
    {
        var sequence = Pointer;
        var rows = Count;
        var columns = -1;
        for (var row = 0; row < rows; row++)
        {
            nint map = 0, values = 0;
            try
            {
                OrtStatus.Check(OrtApi.GetValue(sequence, row, OrtMemory.DefaultAllocator, &map));
                OrtStatus.Check(OrtApi.GetValue(map, 1, OrtMemory.DefaultAllocator, &values));
                var data = ReadTensor<TValue>(values);
                if (columns < 0)
                {
                    columns = data.Length;
                    if ((long)rows * columns > destination.Length)
                    {
                        throw new ArgumentException($"The destination holds {destination.Length} values; {rows}x{columns} are needed.", nameof(destination));
                    }
                }
                else if (data.Length != columns)
                {
                    throw new InvalidOperationException($"Map {row} has {data.Length} entries; earlier maps had {columns}.");
                }

                data.CopyTo(destination.Slice(row * columns, columns));
            }
            finally
            {
                OrtApi.ReleaseValue(values);
                OrtApi.ReleaseValue(map);
            }
        }

        GC.KeepAlive(this);
        return Math.Max(columns, 0);
    }

    /// <summary>The keys of the first map of a sequence of maps with numeric keys (e.g. ZipMap's class labels).</summary>
    public TKey[] GetMapSequenceKeys<TKey>()
        where TKey : unmanaged
    {
        if (Count == 0)
        {
            return [];
        }

        using var map = GetElement(0);
        using var keys = map.GetMapKeys();
        return keys.ToArray<TKey>();
    }

    /// <summary>The keys of the first map of a sequence of maps with string keys.</summary>
    public string[] GetMapSequenceStringKeys()
    {
        if (Count == 0)
        {
            return [];
        }

        using var map = GetElement(0);
        using var keys = map.GetMapKeys();
        return keys.GetStrings();
    }

    /// <summary>A span over the elements of a dense tensor OrtValue that this method does not own.</summary>
    private static ReadOnlySpan<T> ReadTensor<T>(nint value)
        where T : unmanaged
    {
        nint info;
        OrtStatus.Check(OrtApi.GetTensorTypeAndShape(value, &info));
        OnnxElementType elementType;
        nuint count;
        try
        {
            OrtStatus.Check(OrtApi.GetTensorElementType(info, &elementType));
            OrtStatus.Check(OrtApi.GetTensorShapeElementCount(info, &count));
        }
        finally
        {
            OrtApi.ReleaseTensorTypeAndShapeInfo(info);
        }

        if (ElementTypeOf<T>.Value != elementType)
        {
            throw new InvalidOperationException($"The map values are {elementType}, not {typeof(T).Name}.");
        }

        void* data;
        OrtStatus.Check(OrtApi.GetTensorMutableData(value, &data));
        return new ReadOnlySpan<T>(data, checked((int)count));
    }

    /// <summary>All strings of a string tensor, in row-major order.</summary>
    public string[] GetStrings()
    {
        EnsureTensorInfo();
        if (_elementType != OnnxElementType.String)
        {
            throw new InvalidOperationException($"The tensor holds {_elementType} elements, not strings.");
        }

        var count = checked((int)_elementCount);
        if (count == 0)
        {
            return [];
        }

        nuint byteCount;
        OrtStatus.Check(OrtApi.GetStringTensorDataLength(Pointer, &byteCount));
        var bytes = ArrayPool<byte>.Shared.Rent(Math.Max(1, checked((int)byteCount)));
        var offsets = ArrayPool<nuint>.Shared.Rent(count);
        try
        {
            fixed (byte* bytePointer = bytes)
            fixed (nuint* offsetPointer = offsets)
            {
                OrtStatus.Check(OrtApi.GetStringTensorContent(Pointer, bytePointer, byteCount, offsetPointer, (nuint)count));
            }

            var strings = new string[count];
            for (var i = 0; i < count; i++)
            {
                var start = (int)offsets[i];
                var end = i + 1 < count ? (int)offsets[i + 1] : (int)byteCount;
                strings[i] = Encoding.UTF8.GetString(bytes, start, end - start);
            }

            return strings;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<nuint>.Shared.Return(offsets);
        }
    }

    /// <summary>One string of a string tensor, by flat (row-major) index.</summary>
    public string GetString(long index)
    {
        EnsureTensorInfo();
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _elementCount);
        nuint length;
        OrtStatus.Check(OrtApi.GetStringTensorElementLength(Pointer, (nuint)index, &length));
        if (length == 0)
        {
            return string.Empty;
        }

        var bytes = ArrayPool<byte>.Shared.Rent((int)length);
        try
        {
            fixed (byte* pointer = bytes)
            {
                OrtStatus.Check(OrtApi.GetStringTensorElement(Pointer, length, (nuint)index, pointer));
            }

            return Encoding.UTF8.GetString(bytes, 0, (int)length);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }
}
