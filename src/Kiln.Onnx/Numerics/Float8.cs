namespace Kiln.Onnx.Numerics;

// The 8-bit float formats of ONNX (opset 19+). They are carried as raw bits: ORT converts them with
// Cast/QuantizeLinear, so a binding only needs them to be distinct, correctly sized element types.

/// <summary>float8 e4m3fn tensor element (raw bits).</summary>
public readonly record struct Float8E4M3FN(byte RawValue);

/// <summary>float8 e4m3fnuz tensor element (raw bits).</summary>
public readonly record struct Float8E4M3FNUZ(byte RawValue);

/// <summary>float8 e5m2 tensor element (raw bits).</summary>
public readonly record struct Float8E5M2(byte RawValue);

/// <summary>float8 e5m2fnuz tensor element (raw bits).</summary>
public readonly record struct Float8E5M2FNUZ(byte RawValue);

/// <summary>float8 e8m0 (exponent-only scale) tensor element (raw bits).</summary>
public readonly record struct Float8E8M0(byte RawValue);
