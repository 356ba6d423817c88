using System.Numerics;
using System.Runtime.InteropServices;
using Kiln.Onnx.Numerics;
using Kiln.Onnx.Tests.Models;

namespace Kiln.Onnx.Tests.Binding;

public class ElementTypeTests
{
    private const long IdentityOpset = 25;

    public static TheoryData<OnnxElementType> FixedSizeTypes =>
    [
        OnnxElementType.Float, OnnxElementType.UInt8, OnnxElementType.Int8, OnnxElementType.UInt16, OnnxElementType.Int16,
        OnnxElementType.Int32, OnnxElementType.Int64, OnnxElementType.Bool, OnnxElementType.Float16, OnnxElementType.Double,
        OnnxElementType.UInt32, OnnxElementType.UInt64, OnnxElementType.BFloat16,
        OnnxElementType.Float8E4M3FN, OnnxElementType.Float8E4M3FNUZ, OnnxElementType.Float8E5M2, OnnxElementType.Float8E5M2FNUZ,
        OnnxElementType.UInt4, OnnxElementType.Int4,
    ];

    [Theory]
    [MemberData(nameof(FixedSizeTypes))]
    public void Every_element_type_round_trips_through_identity(OnnxElementType type)
    {
        using var session = OnnxSession.FromBytes(RoundTripModel(type, 2, 3));
        Assert.Equal(type, session.Inputs[0].Type.ElementType);
        Assert.Equal(type, session.Outputs[0].Type.ElementType);

        var bytes = new byte[type.ByteCount(6)];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)((i * 37) + 11);
        }

        if (type == OnnxElementType.Bool)
        {
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = (byte)(i % 2);
            }
        }

        using var input = OnnxValue.CreateTensor(type, bytes.AsMemory(), [2, 3]);
        var outputs = session.Run([input]);
        using var output = outputs[0];
        Assert.Equal(type, output.ElementType);
        Assert.Equal([2L, 3L], output.Shape.ToArray());
        Assert.Equal(6, output.ElementCount);
        Assert.Equal(bytes, output.GetTensorBytes().ToArray());
    }

    [Fact]
    public void Typed_spans_match_their_element_types()
    {
        AssertRoundTrip(new[] { 1.5f, -2f, 3.25f });
        AssertRoundTrip(new[] { 1.5, -2.0, 1e300 });
        AssertRoundTrip(new[] { long.MinValue, 0, long.MaxValue });
        AssertRoundTrip(new[] { int.MinValue, 7, int.MaxValue });
        AssertRoundTrip(new[] { true, false, true });
        AssertRoundTrip(new[] { (Half)1.5, (Half)(-0.25), Half.MaxValue });
        AssertRoundTrip(new[] { BFloat16.FromSingle(1.5f), BFloat16.FromSingle(-3f), BFloat16.FromSingle(1e30f) });
        AssertRoundTrip(new[] { (byte)0, (byte)128, (byte)255 });
        AssertRoundTrip(new[] { (sbyte)-128, (sbyte)0, (sbyte)127 });
        AssertRoundTrip(new[] { ushort.MaxValue, (ushort)1, (ushort)2 });
        AssertRoundTrip(new[] { short.MinValue, (short)1, short.MaxValue });
        AssertRoundTrip(new[] { uint.MaxValue, 1u, 2u });
        AssertRoundTrip(new[] { ulong.MaxValue, 1ul, 2ul });
        AssertRoundTrip(new[] { new Float8E4M3FN(0x38), new Float8E4M3FN(0x40), new Float8E4M3FN(0x7E) });
        AssertRoundTrip(new[] { new Float8E5M2(0x3C), new Float8E5M2(0x40), new Float8E5M2(0x7B) });
    }

    [Fact]
    public void Packed_four_bit_types_hold_two_elements_per_byte()
    {
        using var session = OnnxSession.FromBytes(RoundTripModel(OnnxElementType.Int4, 3));
        var packed = new[] { Int4x2.Pack(-8, 7), Int4x2.Pack(3, 0) };
        using var input = OnnxValue.CreateTensor(packed, 3);
        using var output = session.Run([input])[0];
        Assert.Equal(3, output.ElementCount);
        var data = output.GetTensorData<Int4x2>();
        Assert.Equal(2, data.Length);
        Assert.Equal(-8, data[0].Low);
        Assert.Equal(7, data[0].High);
        Assert.Equal(3, data[1].Low);
    }

    [Fact]
    public void Complex_tensors_are_reported_unsupported_by_ORT_with_code_and_message()
    {
        // ORT 1.30 registers no complex tensor types: neither graphs nor values of them can be created.
        var load = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.FromBytes(TestModels.Identity(IdentityOpset, OnnxElementType.Complex64, 2)));
        Assert.Equal(OrtErrorCode.Fail, load.Code);
        Assert.Contains("not currently registered or supported", load.OrtMessage, StringComparison.Ordinal);

        var create = Assert.Throws<OnnxRuntimeException>(() => OnnxValue.CreateTensor(new[] { new Complex(1, 2), new Complex(3, 4) }, 2));
        Assert.Equal(OrtErrorCode.NotImplemented, create.Code);
        Assert.Throws<OnnxRuntimeException>(() => OnnxValue.CreateTensor(new[] { new Complex64(1, 2) }, 1));
    }

    [Theory]
    [InlineData(OnnxElementType.Float4E2M1)]
    [InlineData(OnnxElementType.Float8E8M0)]
    [InlineData(OnnxElementType.UInt2)]
    [InlineData(OnnxElementType.Int2)]
    public void Types_without_CPU_kernels_are_still_created_and_read_back(OnnxElementType type)
    {
        var bytes = new byte[type.ByteCount(5)];
        Random.Shared.NextBytes(bytes);
        using var value = OnnxValue.CreateTensor(type, bytes.AsMemory(), [5]);
        Assert.Equal(type, value.ElementType);
        Assert.Equal(5, value.ElementCount);
        Assert.Equal(bytes, value.GetTensorBytes().ToArray());

        // The model loads (ORT knows the type) but the CPU provider has no Identity kernel for it.
        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.FromBytes(TestModels.Identity(IdentityOpset, type, 5)));
        Assert.Equal(OrtErrorCode.NotImplemented, error.Code);
    }

    [Fact]
    public void Packed_float4_reads_as_pairs()
    {
        var packed = new[] { new Float4E2M1x2(0x21), new Float4E2M1x2(0x07) };
        using var value = OnnxValue.CreateTensor(packed, 3);
        Assert.Equal(packed, value.GetTensorData<Float4E2M1x2>().ToArray());
    }

    [Fact]
    public void Reading_with_the_wrong_element_type_throws()
    {
        using var session = OnnxSession.FromBytes(TestModels.Identity(OnnxElementType.Float, 2));
        using var input = OnnxValue.CreateTensor(new[] { 1f, 2f }, 2);
        using var output = session.Run([input])[0];
        Assert.Throws<InvalidOperationException>(() => output.GetTensorData<int>().Length);
    }

    private static byte[] RoundTripModel(OnnxElementType type, params object[] dims)
        => type is OnnxElementType.Int4 or OnnxElementType.UInt4
            ? TestModels.CastRoundTrip(type, dims)
            : TestModels.Identity(IdentityOpset, type, dims);

    private static void AssertRoundTrip<T>(T[] values)
        where T : unmanaged
    {
        using var session = OnnxSession.FromBytes(TestModels.Identity(IdentityOpset, ElementTypeOf<T>.Value, values.Length));
        using var input = OnnxValue.CreateTensor(values, values.Length);
        using var output = session.Run([input])[0];
        Assert.Equal(
            MemoryMarshal.AsBytes(values.AsSpan()).ToArray(),
            MemoryMarshal.AsBytes(output.GetTensorData<T>()).ToArray());
    }
}
