namespace Kiln.Onnx.Numerics;

/// <summary>A complex64 tensor element: float32 real and imaginary parts. (complex128 is <see cref="System.Numerics.Complex"/>.)</summary>
public readonly record struct Complex64(float Real, float Imaginary);
