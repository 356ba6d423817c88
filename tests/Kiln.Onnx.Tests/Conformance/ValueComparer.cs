using System.Runtime.InteropServices;
using Kiln.Onnx.Numerics;

namespace Kiln.Onnx.Tests.Conformance;

/// <summary>Compares ORT outputs with expected test data, with the ONNX backend test tolerances.</summary>
internal static class ValueComparer
{
    public const double RelativeTolerance = 1e-3;
    public const double AbsoluteTolerance = 1e-7;

    /// <summary>Null when equal, else a description of the first difference.</summary>
    public static string? Compare(ProtoValue expected, OnnxValue actual)
    {
        switch (expected)
        {
            case ProtoOptional optional:
                if (optional.Value is null)
                {
                    return actual.HasValue ? $"expected None, got a {actual.Kind}" : null;
                }

                return !actual.HasValue ? "expected a value, got None" : Compare(optional.Value, actual);

            case ProtoTensor tensor:
                return actual.Kind != OnnxValueKind.Tensor ? $"expected a tensor, got a {actual.Kind}" : CompareTensor(tensor, actual);

            case ProtoSequence sequence:
                if (actual.Kind != OnnxValueKind.Sequence)
                {
                    return $"expected a sequence, got a {actual.Kind}";
                }

                if (actual.Count != sequence.Elements.Count)
                {
                    return $"expected {sequence.Elements.Count} sequence elements, got {actual.Count}";
                }

                for (var i = 0; i < sequence.Elements.Count; i++)
                {
                    using var element = actual.GetElement(i);
                    if (Compare(sequence.Elements[i], element) is { } problem)
                    {
                        return $"element {i}: {problem}";
                    }
                }

                return null;

            case ProtoMap map:
                if (actual.Kind != OnnxValueKind.Map)
                {
                    return $"expected a map, got a {actual.Kind}";
                }

                using (var keys = actual.GetMapKeys())
                {
                    if (CompareTensor(map.Keys, keys) is { } problem)
                    {
                        return $"map keys: {problem}";
                    }
                }

                return null;

            default:
                return $"cannot compare {expected.GetType().Name}";
        }
    }

    private static string? CompareTensor(ProtoTensor expected, OnnxValue actual)
    {
        if (actual.ElementType != expected.ElementType)
        {
            return $"expected element type {expected.ElementType}, got {actual.ElementType}";
        }

        if (!actual.Shape.SequenceEqual(expected.Dims))
        {
            return $"expected shape [{string.Join(',', expected.Dims)}], got [{string.Join(',', actual.Shape.ToArray())}]";
        }

        if (expected.Strings is { } strings)
        {
            var got = actual.GetStrings();
            for (var i = 0; i < strings.Length; i++)
            {
                if (!string.Equals(strings[i], got[i], StringComparison.Ordinal))
                {
                    return $"string {i}: expected '{strings[i]}', got '{got[i]}'";
                }
            }

            return null;
        }

        var actualBytes = actual.GetTensorBytes();
        if (actualBytes.Length != expected.Data.Length)
        {
            return $"expected {expected.Data.Length} bytes, got {actualBytes.Length}";
        }

        return expected.ElementType switch
        {
            OnnxElementType.Float => CompareFloats(MemoryMarshal.Cast<byte, float>(expected.Data), MemoryMarshal.Cast<byte, float>(actualBytes), static v => v),
            OnnxElementType.Double => CompareFloats(MemoryMarshal.Cast<byte, double>(expected.Data), MemoryMarshal.Cast<byte, double>(actualBytes), static v => v),
            OnnxElementType.Float16 => CompareFloats(MemoryMarshal.Cast<byte, Half>(expected.Data), MemoryMarshal.Cast<byte, Half>(actualBytes), static v => (double)v),
            OnnxElementType.BFloat16 => CompareFloats(MemoryMarshal.Cast<byte, BFloat16>(expected.Data), MemoryMarshal.Cast<byte, BFloat16>(actualBytes), static v => v.ToSingle()),
            _ => CompareExactly(expected.Data, actualBytes),
        };
    }

    private static string? CompareFloats<T>(ReadOnlySpan<T> expected, ReadOnlySpan<T> actual, Func<T, double> toDouble)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            double e = toDouble(expected[i]), a = toDouble(actual[i]);
            if (double.IsNaN(e) && double.IsNaN(a))
            {
                continue;
            }

            if (double.IsInfinity(e) || double.IsInfinity(a) ? e != a : !(Math.Abs(a - e) <= AbsoluteTolerance + (RelativeTolerance * Math.Abs(e))))
            {
                return $"element {i}: expected {e:R}, got {a:R} (rtol {RelativeTolerance}, atol {AbsoluteTolerance})";
            }
        }

        return null;
    }

    private static string? CompareExactly(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        var mismatch = expected.SequenceEqual(actual) ? -1 : FirstDifference(expected, actual);
        return mismatch < 0 ? null : $"byte {mismatch} differs: expected {expected[mismatch]}, got {actual[mismatch]}";
    }

    private static int FirstDifference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        for (var i = 0; i < expected.Length; i++)
        {
            if (expected[i] != actual[i])
            {
                return i;
            }
        }

        return -1;
    }
}
