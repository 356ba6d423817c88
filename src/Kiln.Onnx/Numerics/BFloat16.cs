namespace Kiln.Onnx.Numerics;

/// <summary>A bfloat16 tensor element: the upper 16 bits of an IEEE-754 float32.</summary>
public readonly record struct BFloat16(ushort RawValue)
{
    /// <summary>Rounds to nearest even, keeping NaN a NaN.</summary>
    public static BFloat16 FromSingle(float value)
    {
        if (float.IsNaN(value))
        {
            return new BFloat16(0x7FC0);
        }

        var bits = BitConverter.SingleToUInt32Bits(value);
        var roundingBias = 0x7FFFu + ((bits >> 16) & 1);
        return new BFloat16((ushort)((bits + roundingBias) >> 16));
    }

    public float ToSingle() => BitConverter.UInt32BitsToSingle((uint)RawValue << 16);

    public override string ToString() => ToSingle().ToString(System.Globalization.CultureInfo.InvariantCulture);
}
