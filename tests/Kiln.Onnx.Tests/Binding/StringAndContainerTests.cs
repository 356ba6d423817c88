using Kiln.Onnx.Tests.Models;

namespace Kiln.Onnx.Tests.Binding;

public class StringAndContainerTests
{
    [Fact]
    public void String_tensors_go_in_and_come_out_as_utf8()
    {
        using var session = OnnxSession.FromBytes(TestModels.StringCodes());
        string[] text = ["alpha", "grüße", "", "beta", "unknown ✓"];
        using var input = OnnxValue.CreateStringTensor(text, text.Length);
        using var result = session.Run(new Dictionary<string, OnnxValue> { ["text"] = input });

        Assert.Equal(text, result["same"].GetStrings());
        Assert.Equal("grüße", result["same"].GetString(1));
        Assert.Equal(string.Empty, result["same"].GetString(2));
        Assert.Equal([1L, 3, -1, 2, -1], result["codes"].GetTensorData<long>().ToArray());
    }

    [Fact]
    public void String_tensor_shape_must_match_the_value_count()
        => Assert.Throws<ArgumentException>(() => OnnxValue.CreateStringTensor(["a", "b"], 3));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ZipMap_output_becomes_a_probability_matrix(bool stringLabels)
    {
        using var session = OnnxSession.FromBytes(TestModels.ZipMap(stringLabels));
        var output = session.Outputs[0].Type;
        Assert.Equal(OnnxValueKind.Sequence, output.Kind);
        Assert.Equal(OnnxValueKind.Map, output.SequenceElementType!.Kind);
        Assert.Equal(stringLabels ? OnnxElementType.String : OnnxElementType.Int64, output.SequenceElementType.MapKeyType);
        Assert.Equal(OnnxElementType.Float, output.SequenceElementType.MapValueType!.ElementType);

        float[] scores = [1, 2, 3, 0, 0, 0];
        using var input = OnnxValue.CreateTensor(scores, 2, 3);
        using var probabilities = session.Run([input])[0];
        Assert.Equal(OnnxValueKind.Sequence, probabilities.Kind);
        Assert.Equal(2, probabilities.Count);

        var matrix = new float[6];
        Assert.Equal(3, probabilities.CopyMapSequenceValues<float>(matrix));
        var e = new[] { MathF.Exp(1), MathF.Exp(2), MathF.Exp(3) };
        var sum = e[0] + e[1] + e[2];
        float[] expected = [e[0] / sum, e[1] / sum, e[2] / sum, 1 / 3f, 1 / 3f, 1 / 3f];
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], matrix[i], 1e-6f);
        }

        if (stringLabels)
        {
            Assert.Equal(["cat", "dog", "emu"], probabilities.GetMapSequenceStringKeys());
        }
        else
        {
            Assert.Equal([10L, 20, 30], probabilities.GetMapSequenceKeys<long>());
        }

        using var firstMap = probabilities.GetElement(0);
        Assert.Equal(OnnxValueKind.Map, firstMap.Kind);
        using var values = firstMap.GetMapValues();
        Assert.Equal(3, values.ElementCount);
    }

    [Fact]
    public void Probability_matrix_destination_must_be_large_enough()
    {
        using var session = OnnxSession.FromBytes(TestModels.ZipMap(stringLabels: false));
        using var input = OnnxValue.CreateTensor(new float[6], 2, 3);
        using var probabilities = session.Run([input])[0];
        Assert.Throws<ArgumentException>(() => probabilities.CopyMapSequenceValues<float>(new float[5]));
    }

    [Fact]
    public void Sequences_are_read_and_created()
    {
        using var session = OnnxSession.FromBytes(TestModels.SequenceOfTwo());
        using var a = OnnxValue.CreateTensor(new[] { 1f, 2f }, 2);
        using var b = OnnxValue.CreateTensor(new[] { 3f }, 1);
        var outputs = session.Run([a, b]);
        using var sequence = outputs[0];
        using var length = outputs[1];

        Assert.Equal(2L, length.GetTensorData<long>()[0]);
        Assert.Equal(2, sequence.Count);
        using (var second = sequence.GetElement(1))
        {
            Assert.Equal([3f], second.ToArray<float>());
        }

        using var built = OnnxValue.CreateSequence([a, b]);
        Assert.Equal(OnnxValueKind.Sequence, built.Kind);
        Assert.Equal(2, built.Count);
        Assert.Equal(OnnxValueKind.Sequence, built.TypeInfo.Kind);
    }

    [Fact]
    public void Maps_are_created_and_fed_to_a_model()
    {
        using var session = OnnxSession.FromBytes(TestModels.WithMetadata());
        using var keys = OnnxValue.CreateTensor(new[] { 3L, 1L }, 2);
        using var values = OnnxValue.CreateTensor(new[] { 0.5f, 2f }, 2);
        using var map = OnnxValue.CreateMap(keys, values);
        Assert.Equal(OnnxValueKind.Map, map.Kind);
        using var features = OnnxValue.CreateTensor(new float[4], 1, 1, 4);
        var outputs = session.Run([features, map]);
        Assert.Equal([2f, 0f, 0.5f], outputs[1].ToArray<float>());
        foreach (var output in outputs)
        {
            output.Dispose();
        }
    }

    [Fact]
    public void Optional_outputs_report_their_kind_and_value()
    {
        using var session = OnnxSession.FromBytes(TestModels.OptionalWrap());
        Assert.Equal(OnnxValueKind.Optional, session.Outputs[0].Type.Kind);
        Assert.Equal(OnnxElementType.Float, session.Outputs[0].Type.OptionalElementType!.ElementType);

        using var input = OnnxValue.CreateTensor(new[] { 1f, 2f }, 2);
        var outputs = session.Run([input]);
        using var maybe = outputs[0];
        using var has = outputs[1];
        Assert.True(maybe.HasValue);
        Assert.Equal([1f, 2f], maybe.ToArray<float>());
        Assert.True(has.GetTensorData<bool>()[0]);
    }
}
