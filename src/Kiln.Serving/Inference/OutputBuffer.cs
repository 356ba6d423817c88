using System.Buffers;
using System.Runtime.InteropServices;
using Kiln.Onnx;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>One computed output of a run: an ORT tensor, or a pooled FP32 matrix made from a ZipMap, or strings.</summary>
internal sealed class OutputBuffer : IDisposable
{
    private readonly OnnxValue? _value;
    private float[]? _matrix;
    private readonly int _byteLength;

    public OutputBuffer(TensorSpec spec, OnnxValue value)
    {
        Spec = spec;
        _value = value;
        Shape = value.Shape.ToArray();
        ElementCount = value.ElementCount;
        if (spec.DataType == TensorDataType.Bytes)
        {
            Strings = value.GetStrings();
        }
        else
        {
            _byteLength = checked((int)(ElementCount * spec.DataType.ElementSize()));
        }
        ElementsPerRow = RowElements(Shape);
    }

    public OutputBuffer(TensorSpec spec, float[] pooledMatrix, long rows, long columns)
    {
        Spec = spec;
        _matrix = pooledMatrix;
        Shape = [rows, columns];
        ElementCount = rows * columns;
        _byteLength = checked((int)(ElementCount * sizeof(float)));
        ElementsPerRow = columns;
    }

    public TensorSpec Spec { get; }

    public long[] Shape { get; }

    public long ElementCount { get; }

    /// <summary>Elements per row of the first dimension (all elements for a scalar).</summary>
    public long ElementsPerRow { get; }

    public string[]? Strings { get; }

    public ReadOnlySpan<byte> Bytes => _matrix is not null
        ? MemoryMarshal.AsBytes(_matrix.AsSpan(0, (int)ElementCount))
        : _value is null || Strings is not null ? [] : _value.GetTensorBytes()[.._byteLength];

    public void Dispose()
    {
        _value?.Dispose();
        if (Interlocked.Exchange(ref _matrix, null) is { } matrix)
        {
            ArrayPool<float>.Shared.Return(matrix);
        }
    }

    private static long RowElements(long[] shape)
    {
        long count = 1;
        for (var i = 1; i < shape.Length; i++)
        {
            count *= shape[i];
        }
        return count;
    }
}

/// <summary>The outputs of one ORT run, shared by the responses of a batch and freed when the last releases them.</summary>
internal sealed class RunOutputs
{
    private readonly OutputBuffer?[] _buffers;
    private int _references = 1;

    public RunOutputs(OutputBuffer?[] buffers)
    {
        _buffers = buffers;
    }

    /// <summary>By position in <see cref="ModelSchema.Outputs"/>; null for outputs not computed.</summary>
    public OutputBuffer? this[int outputIndex] => _buffers[outputIndex];

    public void AddReferences(int count) => Interlocked.Add(ref _references, count);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            foreach (var buffer in _buffers)
            {
                buffer?.Dispose();
            }
        }
    }
}
