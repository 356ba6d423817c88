using Kiln.Onnx.Native;

namespace Kiln.Onnx;

/// <summary>
/// An ONNX value owned by ORT: a tensor, sequence, map or optional. Spans returned by the tensor accessors point at
/// native memory and are valid only until this value is disposed.
/// </summary>
public sealed unsafe partial class OnnxValue : IDisposable
{
    private readonly OrtValueHandle _handle;
    private int _kind = -1;
    private OnnxElementType _elementType;
    private long _elementCount = -1;
    private long[]? _shape;
    private void* _data;

    internal OnnxValue(OrtValueHandle handle)
    {
        _handle = handle;
    }

    public bool IsDisposed => _handle.IsClosed;

    public OnnxValueKind Kind
    {
        get
        {
            if (_kind < 0)
            {
                OnnxValueKind kind;
                OrtStatus.Check(OrtApi.GetValueType(Pointer, &kind));
                _kind = (int)kind;
            }

            return (OnnxValueKind)_kind;
        }
    }

    public bool IsTensor => Kind == OnnxValueKind.Tensor;

    public OnnxElementType ElementType
    {
        get
        {
            EnsureTensorInfo();
            return _elementType;
        }
    }

    public long ElementCount
    {
        get
        {
            EnsureTensorInfo();
            return _elementCount;
        }
    }

    /// <summary>The tensor's dimensions.</summary>
    public ReadOnlySpan<long> Shape
    {
        get
        {
            EnsureTensorInfo();
            return _shape;
        }
    }

    public int Rank => Shape.Length;

    /// <summary>The full type of this value, including sequence and map element types.</summary>
    public OnnxTypeInfo TypeInfo
    {
        get
        {
            nint typeInfo;
            OrtStatus.Check(OrtApi.GetTypeInfo(Pointer, &typeInfo));
            return TypeInfoReader.ReadAndRelease(typeInfo);
        }
    }

    internal OrtValueHandle Handle => _handle;

    internal nint Pointer
    {
        get
        {
            ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
            return _handle.DangerousGetHandle();
        }
    }

    /// <summary>The tensor's elements. For packed sub-byte types (int4, float4, ...) each <typeparamref name="T"/> holds several elements.</summary>
    public ReadOnlySpan<T> GetTensorData<T>()
        where T : unmanaged
        => GetTensorSpan<T>();

    /// <summary>Writable view of the tensor's elements, e.g. to fill a tensor from <see cref="AllocateTensor"/>.</summary>
    public Span<T> GetTensorMutableData<T>()
        where T : unmanaged
        => GetTensorSpan<T>();

    /// <summary>The tensor's buffer as raw bytes, whatever its element type (not for string tensors).</summary>
    public ReadOnlySpan<byte> GetTensorBytes()
    {
        EnsureTensorInfo();
        ThrowIfString();
        return new ReadOnlySpan<byte>(DataPointer(), checked((int)_elementType.ByteCount(_elementCount)));
    }

    /// <summary>Copies the tensor's elements into a new array.</summary>
    public T[] ToArray<T>()
        where T : unmanaged
        => GetTensorSpan<T>().ToArray();

    /// <summary>True unless this is an optional value holding None.</summary>
    public bool HasValue
    {
        get
        {
            int hasValue;
            OrtStatus.Check(OrtApi.HasValue(Pointer, &hasValue));
            return hasValue != 0;
        }
    }

    public void Dispose() => _handle.Dispose();

    public override string ToString()
        => IsDisposed ? "OnnxValue (disposed)" : Kind == OnnxValueKind.Tensor ? $"tensor({ElementType})[{string.Join(',', _shape!)}]" : Kind.ToString();

    private Span<T> GetTensorSpan<T>()
        where T : unmanaged
    {
        EnsureTensorInfo();
        if (ElementTypeOf<T>.Value != _elementType)
        {
            throw new InvalidOperationException($"The tensor holds {_elementType} elements, not {typeof(T).Name}.");
        }

        var length = _elementType.BitsPerElement() >= 8 ? _elementCount : _elementType.ByteCount(_elementCount);
        return new Span<T>(DataPointer(), checked((int)length));
    }

    private void* DataPointer()
    {
        ObjectDisposedException.ThrowIf(_handle.IsClosed, this);
        if (_data == null)
        {
            void* data;
            OrtStatus.Check(OrtApi.GetTensorMutableData(Pointer, &data));
            _data = data;
        }

        return _data;
    }

    private void EnsureTensorInfo()
    {
        if (Volatile.Read(ref _elementCount) >= 0)
        {
            return;
        }

        if (Kind != OnnxValueKind.Tensor)
        {
            throw new InvalidOperationException($"The value is a {Kind}, not a tensor.");
        }

        nint info;
        OrtStatus.Check(OrtApi.GetTensorTypeAndShape(Pointer, &info));
        using var owned = new OrtTensorTypeAndShapeInfoHandle(info);
        OnnxElementType elementType;
        nuint rank, count;
        OrtStatus.Check(OrtApi.GetTensorElementType(info, &elementType));
        OrtStatus.Check(OrtApi.GetDimensionsCount(info, &rank));
        OrtStatus.Check(OrtApi.GetTensorShapeElementCount(info, &count));
        var shape = rank == 0 ? [] : new long[(int)rank];
        fixed (long* shapePointer = shape)
        {
            OrtStatus.Check(OrtApi.GetDimensions(info, shapePointer, rank));
        }

        _elementType = elementType;
        _shape = shape;
        Volatile.Write(ref _elementCount, (long)count);
    }

    private void ThrowIfString()
    {
        if (_elementType == OnnxElementType.String)
        {
            throw new InvalidOperationException("String tensors have no flat buffer; use GetStrings().");
        }
    }
}
