using System.Text;
using Kiln.Core;
using Kiln.Serving.Codecs;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Tests.Codecs;

public sealed class V2RequestReaderTests : IDisposable
{
    private readonly TestModel _iris = TestModel.Open("iris_random_forest");
    private readonly TestModel _fruit = TestModel.Open("fruit_quality_categorical");

    public void Dispose()
    {
        _iris.Dispose();
        _fruit.Dispose();
    }

    [Fact]
    public void Flat_and_nested_data_decode_to_the_same_pooled_tensor()
    {
        using var flat = V2RequestReader.Read(Utf8("""{"id":"a","inputs":[{"name":"input","datatype":"FP32","shape":[2,4],"data":[1,2,3,4,5,6,7,8.5]}]}"""), [], _iris.Schema);
        using var nested = V2RequestReader.Read(Utf8("""{"inputs":[{"data":[[1,2,3,4],[5,6,7,8.5]],"shape":[2,4],"name":"input","datatype":"FP32"}]}"""), [], _iris.Schema);
        Assert.Equal("a", flat.Id);
        Assert.Equal([2L, 4L], flat.Inputs[0]!.Shape);
        Assert.Equal(flat.Inputs[0]!.Elements<float>().ToArray(), nested.Inputs[0]!.Elements<float>().ToArray());
        Assert.Equal(8.5f, nested.Inputs[0]!.Elements<float>()[7]);
    }

    [Fact]
    public void Bytes_inputs_and_requested_outputs_with_binary_flags()
    {
        using var request = V2RequestReader.Read(Utf8("""
            {"parameters":{"binary_data_output":true},
             "inputs":[{"name":"color","datatype":"BYTES","shape":[1,1],"data":["r\u00e9d"]},
                       {"name":"origin","datatype":"BYTES","shape":[1,1],"data":[["south"]]},
                       {"name":"weight","datatype":"FP32","shape":[1,1],"data":[1.5]}],
             "outputs":[{"name":"label","parameters":{"binary_data":false}},{"name":"probabilities"}]}
            """), [], _fruit.Schema);
        Assert.Equal("réd", request.Inputs[_fruit.Schema.FindInput("color")]!.Strings[0]);
        Assert.True(request.BinaryDataOutput);
        Assert.Equal(false, request.Outputs![0].Binary);
        Assert.Null(request.Outputs[1].Binary);
    }

    [Theory]
    [InlineData("BOOL", "[true,false]", new double[] { 1, 0 })]
    [InlineData("INT8", "[-128,127]", new double[] { -128, 127 })]
    [InlineData("UINT16", "[0,65535]", new double[] { 0, 65535 })]
    [InlineData("INT64", "[-9007199254740993,5]", new double[] { -9007199254740993, 5 })]
    [InlineData("FP16", "[0.5,-2]", new double[] { 0.5, -2 })]
    [InlineData("FP64", "[0.1,1e300]", new double[] { 0.1, 1e300 })]
    public void Every_numeric_datatype_is_decoded(string datatype, string data, double[] expected)
    {
        var type = Enum.GetValues<TensorDataType>().Single(t => t.ToName() == datatype);
        using var builder = new TensorBuilder(type, lenient: false, "x");
        var reader = new System.Text.Json.Utf8JsonReader(Utf8(data));
        reader.Read();
        Span<long> shape = stackalloc long[JsonTensorData.MaxRank];
        Assert.Equal(1, JsonTensorData.Read(ref reader, builder, shape));
        using var tensor = builder.Build("x", [2]);
        double[] actual = type switch
        {
            TensorDataType.Bool => [.. tensor.Bytes.ToArray().Select(b => (double)b)],
            TensorDataType.Int8 => [.. tensor.Elements<sbyte>().ToArray().Select(v => (double)v)],
            TensorDataType.UInt16 => [.. tensor.Elements<ushort>().ToArray().Select(v => (double)v)],
            TensorDataType.Int64 => [.. tensor.Elements<long>().ToArray().Select(v => (double)v)],
            TensorDataType.FP16 => [.. tensor.Elements<Half>().ToArray().Select(v => (double)v)],
            _ => tensor.Elements<double>().ToArray(),
        };
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("UINT8", "[256]", "out of range")]
    [InlineData("INT32", "[1.5]", "not a valid INT32")]
    [InlineData("BOOL", "[1]", "BOOL, but its data holds a number")]
    [InlineData("BYTES", "[1]", "BYTES, but its data holds a number")]
    public void Values_outside_the_datatype_are_rejected(string datatype, string data, string message)
    {
        var type = Enum.GetValues<TensorDataType>().Single(t => t.ToName() == datatype);
        var exception = Assert.Throws<KilnException>(() =>
        {
            using var builder = new TensorBuilder(type, lenient: false, "x");
            var reader = new System.Text.Json.Utf8JsonReader(Utf8(data));
            reader.Read();
            Span<long> shape = stackalloc long[JsonTensorData.MaxRank];
            JsonTensorData.Read(ref reader, builder, shape);
        });
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
        Assert.Equal(ErrorCode.InvalidParameterValue, exception.Code);
    }

    [Fact]
    public void Binary_data_is_taken_in_input_order()
    {
        var floats = new float[] { 1, 2, 3, 4 };
        var binary = new byte[16];
        Buffer.BlockCopy(floats, 0, binary, 0, 16);
        using var request = V2RequestReader.Read(Utf8("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}"""), binary, _iris.Schema);
        Assert.Equal(floats, request.Inputs[0]!.Elements<float>().ToArray());
        var tooShort = Assert.Throws<KilnException>(() => V2RequestReader.Read(Utf8("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"parameters":{"binary_data_size":16}}]}"""), binary.AsSpan(0, 8), _iris.Schema));
        Assert.Contains("only 8 remain", tooShort.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[2,4],"data":[[1,2,3,4,5,6,7,8]]}]}""", "nested data has shape [1,8]")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]},{"name":"input","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}]}""", "given twice")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","data":[1,2,3,4]}]}""", "no 'shape'")]
    [InlineData("""{"inputs":[{"name":"input","datatype":"FP32","shape":[-1,4],"data":[1]}]}""", "non-negative")]
    public void Malformed_inputs_are_rejected_with_a_reason(string json, string message)
    {
        var exception = Assert.Throws<KilnException>(() => V2RequestReader.Read(Utf8(json), [], _iris.Schema));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
