namespace Kiln.Onnx.Numerics;

// Sub-byte element types are stored packed, low bits first: element 2k sits in the low nibble of byte k.
// A tensor of n such elements therefore spans ceil(n / 2) (or ceil(n / 4) for 2-bit types) of these structs.

/// <summary>Two packed int4 elements.</summary>
public readonly record struct Int4x2(byte RawValue)
{
    public int Low => (sbyte)(RawValue << 4) >> 4;

    public int High => (sbyte)RawValue >> 4;

    public static Int4x2 Pack(int low, int high) => new((byte)((low & 0x0F) | ((high & 0x0F) << 4)));
}

/// <summary>Two packed uint4 elements.</summary>
public readonly record struct UInt4x2(byte RawValue)
{
    public int Low => RawValue & 0x0F;

    public int High => RawValue >> 4;

    public static UInt4x2 Pack(int low, int high) => new((byte)((low & 0x0F) | ((high & 0x0F) << 4)));
}

/// <summary>Two packed float4 e2m1 elements (raw bits).</summary>
public readonly record struct Float4E2M1x2(byte RawValue);

/// <summary>Four packed int2 elements (raw bits).</summary>
public readonly record struct Int2x4(byte RawValue);

/// <summary>Four packed uint2 elements (raw bits).</summary>
public readonly record struct UInt2x4(byte RawValue);
