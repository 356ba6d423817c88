using System.Numerics;
using Kiln.Onnx.Numerics;

namespace Kiln.Onnx;

/// <summary>The tensor element type a CLR type stands for; <see cref="OnnxElementType.Undefined"/> if none.</summary>
public static class ElementTypeOf<T>
    where T : unmanaged
{
    public static readonly OnnxElementType Value = Resolve();

    private static OnnxElementType Resolve()
    {
        var type = typeof(T);
        return type switch
        {
            _ when type == typeof(float) => OnnxElementType.Float,
            _ when type == typeof(byte) => OnnxElementType.UInt8,
            _ when type == typeof(sbyte) => OnnxElementType.Int8,
            _ when type == typeof(ushort) => OnnxElementType.UInt16,
            _ when type == typeof(short) => OnnxElementType.Int16,
            _ when type == typeof(int) => OnnxElementType.Int32,
            _ when type == typeof(long) => OnnxElementType.Int64,
            _ when type == typeof(bool) => OnnxElementType.Bool,
            _ when type == typeof(Half) => OnnxElementType.Float16,
            _ when type == typeof(double) => OnnxElementType.Double,
            _ when type == typeof(uint) => OnnxElementType.UInt32,
            _ when type == typeof(ulong) => OnnxElementType.UInt64,
            _ when type == typeof(Complex64) => OnnxElementType.Complex64,
            _ when type == typeof(Complex) => OnnxElementType.Complex128,
            _ when type == typeof(BFloat16) => OnnxElementType.BFloat16,
            _ when type == typeof(Float8E4M3FN) => OnnxElementType.Float8E4M3FN,
            _ when type == typeof(Float8E4M3FNUZ) => OnnxElementType.Float8E4M3FNUZ,
            _ when type == typeof(Float8E5M2) => OnnxElementType.Float8E5M2,
            _ when type == typeof(Float8E5M2FNUZ) => OnnxElementType.Float8E5M2FNUZ,
            _ when type == typeof(Float8E8M0) => OnnxElementType.Float8E8M0,
            _ when type == typeof(UInt4x2) => OnnxElementType.UInt4,
            _ when type == typeof(Int4x2) => OnnxElementType.Int4,
            _ when type == typeof(Float4E2M1x2) => OnnxElementType.Float4E2M1,
            _ when type == typeof(UInt2x4) => OnnxElementType.UInt2,
            _ when type == typeof(Int2x4) => OnnxElementType.Int2,
            _ => OnnxElementType.Undefined,
        };
    }
}
