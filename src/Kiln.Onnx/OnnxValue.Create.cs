using System.Buffers;
using System.Text;
using Kiln.Onnx.Native;

namespace Kiln.Onnx;

public sealed unsafe partial class OnnxValue
{
    private const int StackallocByteLimit = 1024;

    /// <summary>A tensor over <paramref name="data"/> without copying it; see <see cref="CreateTensor{T}(OnnxElementType, Memory{T}, ReadOnlySpan{long})"/>.</summary>
    public static OnnxValue CreateTensor<T>(T[] data, params ReadOnlySpan<long> shape)
        where T : unmanaged
        => CreateTensor(RequireElementType<T>(), data.AsMemory(), shape);

    /// <summary>A tensor over <paramref name="data"/> without copying it; see <see cref="CreateTensor{T}(OnnxElementType, Memory{T}, ReadOnlySpan{long})"/>.</summary>
    public static OnnxValue CreateTensor<T>(Memory<T> data, params ReadOnlySpan<long> shape)
        where T : unmanaged
        => CreateTensor(RequireElementType<T>(), data, shape);

    /// <summary>
    /// A tensor of <paramref name="elementType"/> over the bytes of <paramref name="data"/>, without copying. The memory is
    /// pinned until the value is disposed (and any Run using it has returned), so it may come from an
    /// <see cref="ArrayPool{T}"/>: return the array only after disposing the value. Writes to the memory between runs
    /// are seen by the next run.
    /// </summary>
    public static OnnxValue CreateTensor<T>(OnnxElementType elementType, Memory<T> data, ReadOnlySpan<long> shape)
        where T : unmanaged
    {
        var byteCount = RequiredBytes(elementType, shape);
        if (byteCount > (long)data.Length * sizeof(T))
        {
            throw new ArgumentException($"A {elementType} tensor of shape [{string.Join(',', shape.ToArray())}] needs {byteCount} bytes; the buffer has {(long)data.Length * sizeof(T)}.", nameof(data));
        }

        if (byteCount == 0)
        {
            return AllocateTensor(elementType, shape);
        }

        var pin = data.Pin();
        try
        {
            return new OnnxValue(new OrtValueHandle(CreateOverMemory(elementType, pin.Pointer, byteCount, shape), pin));
        }
        catch
        {
            pin.Dispose();
            throw;
        }
    }

    /// <summary>A tensor over native or otherwise fixed memory the caller keeps alive and unmoved until the value is disposed.</summary>
    public static OnnxValue CreateTensor(OnnxElementType elementType, void* data, long byteLength, ReadOnlySpan<long> shape)
    {
        var byteCount = RequiredBytes(elementType, shape);
        if (byteCount > byteLength)
        {
            throw new ArgumentException($"A {elementType} tensor of this shape needs {byteCount} bytes; the buffer has {byteLength}.", nameof(byteLength));
        }

        return byteCount == 0
            ? AllocateTensor(elementType, shape)
            : new OnnxValue(new OrtValueHandle(CreateOverMemory(elementType, data, byteCount, shape)));
    }

    /// <summary>A tensor whose buffer ORT allocates (uninitialized); fill it through <see cref="GetTensorMutableData{T}"/>.</summary>
    public static OnnxValue AllocateTensor(OnnxElementType elementType, params ReadOnlySpan<long> shape)
    {
        ValidateShape(shape);
        nint value;
        fixed (long* shapePointer = shape)
        {
            OrtStatus.Check(OrtApi.CreateTensorAsOrtValue(OrtMemory.DefaultAllocator, shapePointer, (nuint)shape.Length, CreationNumber(elementType), &value));
        }

        return new OnnxValue(new OrtValueHandle(value));
    }

    /// <summary>A string tensor; the strings are copied into ORT as UTF-8.</summary>
    public static OnnxValue CreateStringTensor(ReadOnlySpan<string> values, params ReadOnlySpan<long> shape)
    {
        if (ShapeElementCount(shape) != values.Length)
        {
            throw new ArgumentException($"Shape [{string.Join(',', shape.ToArray())}] holds {ShapeElementCount(shape)} strings; {values.Length} were given.", nameof(shape));
        }

        var value = AllocateTensor(OnnxElementType.String, shape);
        if (values.Length == 0)
        {
            return value;
        }

        var totalBytes = 0;
        foreach (var text in values)
        {
            totalBytes += Encoding.UTF8.GetByteCount(text ?? string.Empty) + 1;
        }

        var rentedBytes = ArrayPool<byte>.Shared.Rent(totalBytes);
        var rentedPointers = ArrayPool<nint>.Shared.Rent(values.Length);
        try
        {
            fixed (byte* bytes = rentedBytes)
            fixed (nint* pointers = rentedPointers)
            {
                var offset = 0;
                for (var i = 0; i < values.Length; i++)
                {
                    pointers[i] = (nint)(bytes + offset);
                    offset += Encoding.UTF8.GetBytes(values[i] ?? string.Empty, rentedBytes.AsSpan(offset));
                    rentedBytes[offset++] = 0;
                }

                OrtStatus.Check(OrtApi.FillStringTensor(value.Pointer, (byte**)pointers, (nuint)values.Length));
            }

            return value;
        }
        catch
        {
            value.Dispose();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rentedBytes);
            ArrayPool<nint>.Shared.Return(rentedPointers);
        }
    }

    /// <summary>A sequence of tensors (or of maps). ORT copies the elements, so they may be disposed afterwards.</summary>
    public static OnnxValue CreateSequence(ReadOnlySpan<OnnxValue> elements) => CreateContainer(elements, OnnxValueKind.Sequence);

    /// <summary>A map from a 1-D keys tensor to a 1-D values tensor of the same length. ORT copies both.</summary>
    public static OnnxValue CreateMap(OnnxValue keys, OnnxValue values) => CreateContainer([keys, values], OnnxValueKind.Map);

    private static OnnxValue CreateContainer(ReadOnlySpan<OnnxValue> elements, OnnxValueKind kind)
    {
        var pointers = elements.Length * sizeof(nint) <= StackallocByteLimit ? stackalloc nint[elements.Length] : new nint[elements.Length];
        for (var i = 0; i < elements.Length; i++)
        {
            ArgumentNullException.ThrowIfNull(elements[i]);
            pointers[i] = elements[i].Pointer;
        }

        nint value;
        fixed (nint* pointer = pointers)
        {
            OrtStatus.Check(OrtApi.CreateValue(pointer, (nuint)elements.Length, kind, &value));
        }

        foreach (var element in elements)
        {
            GC.KeepAlive(element.Handle);
        }

        return new OnnxValue(new OrtValueHandle(value));
    }

    private static nint CreateOverMemory(OnnxElementType elementType, void* data, long byteCount, ReadOnlySpan<long> shape)
    {
        nint value;
        fixed (long* shapePointer = shape)
        {
            OrtStatus.Check(OrtApi.CreateTensorWithDataAsOrtValue(
                OrtMemory.CpuMemoryInfo, data, (nuint)byteCount, shapePointer, (nuint)shape.Length, CreationNumber(elementType), &value));
        }

        return value;
    }

    /// <summary>
    /// ORT 1.30's tensor-creation functions read the three newest element types (UInt2, Int2, Float8E8M0) by their ONNX
    /// numbers, while every query reports ORT's own numbering; translating here makes both directions agree.
    /// </summary>
    private static OnnxElementType CreationNumber(OnnxElementType elementType)
        => elementType is OnnxElementType.UInt2 or OnnxElementType.Int2 or OnnxElementType.Float8E8M0
            ? (OnnxElementType)elementType.ToOnnxDataType()
            : elementType;

    private static OnnxElementType RequireElementType<T>()
        where T : unmanaged
    {
        var type = ElementTypeOf<T>.Value;
        return type != OnnxElementType.Undefined
            ? type
            : throw new ArgumentException($"{typeof(T).Name} is not a tensor element type; pass the element type explicitly.");
    }

    private static long RequiredBytes(OnnxElementType elementType, ReadOnlySpan<long> shape)
    {
        if (elementType is OnnxElementType.String or OnnxElementType.Undefined)
        {
            throw new ArgumentException($"Cannot create a {elementType} tensor over a buffer; use CreateStringTensor for strings.", nameof(elementType));
        }

        return elementType.ByteCount(ShapeElementCount(shape));
    }

    private static long ShapeElementCount(ReadOnlySpan<long> shape)
    {
        ValidateShape(shape);
        long count = 1;
        foreach (var dimension in shape)
        {
            count = checked(count * dimension);
        }

        return count;
    }

    private static void ValidateShape(ReadOnlySpan<long> shape)
    {
        foreach (var dimension in shape)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Tensor dimensions must be non-negative; got [{string.Join(',', shape.ToArray())}].", nameof(shape));
            }
        }
    }
}
