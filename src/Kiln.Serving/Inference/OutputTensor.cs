using System.Runtime.InteropServices;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>A response's view of one output: the rows of a (possibly batched) run that belong to this request.</summary>
public readonly struct OutputTensor
{
    private readonly OutputBuffer _buffer;
    private readonly long _firstRow;
    private readonly long _rows;

    internal OutputTensor(OutputBuffer buffer, long firstRow, long rows, bool binary)
    {
        _buffer = buffer;
        _firstRow = firstRow;
        _rows = rows;
        Binary = binary;
    }

    public TensorSpec Spec => _buffer.Spec;

    public string Name => _buffer.Spec.Name;

    public TensorDataType DataType => _buffer.Spec.DataType;

    /// <summary>Send as binary data (the binary tensor extension) rather than JSON.</summary>
    public bool Binary { get; }

    public int Rank => _buffer.Shape.Length;

    public long Dimension(int index) => index == 0 && _buffer.Shape.Length > 0 ? _rows : _buffer.Shape[index];

    public long ElementCount => _buffer.Shape.Length == 0 ? 1 : _rows * _buffer.ElementsPerRow;

    private long FirstElement => _buffer.Shape.Length == 0 ? 0 : _firstRow * _buffer.ElementsPerRow;

    /// <summary>The elements' little-endian bytes (not for BYTES).</summary>
    public ReadOnlySpan<byte> Bytes
    {
        get
        {
            var size = DataType.ElementSize();
            return _buffer.Bytes.Slice(checked((int)(FirstElement * size)), checked((int)(ElementCount * size)));
        }
    }

    public ReadOnlySpan<T> Elements<T>()
        where T : unmanaged => MemoryMarshal.Cast<byte, T>(Bytes);

    /// <summary>The strings of a BYTES output.</summary>
    public ReadOnlySpan<string> Strings => _buffer.Strings.AsSpan(checked((int)FirstElement), checked((int)ElementCount));
}
