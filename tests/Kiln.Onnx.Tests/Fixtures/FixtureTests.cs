using System.Text.Json;
using YamlDotNet.RepresentationModel;

namespace Kiln.Onnx.Tests.Fixtures;

/// <summary>Each committed fixture, run through Kiln.Onnx, reproduces scikit-learn's outputs within 1e-5.</summary>
public class FixtureTests
{
    private const double Tolerance = 1e-5;

    public static TheoryData<string> FixtureNames => [.. ModelFixture.Names()];

    [Fact]
    public void All_six_fixtures_are_present()
        => Assert.Equal(
            ["breast_cancer_random_forest_zipmap", "diabetes_linear_regression", "digits_mlp", "fruit_quality_categorical", "iris_logistic_regression_zipmap", "iris_random_forest"],
            ModelFixture.Names());

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Outputs_match_scikit_learn(string name)
    {
        var fixture = ModelFixture.Load(name);
        using var session = OnnxSession.Open(fixture.ModelPath);
        var inputs = fixture.CreateInputs();
        try
        {
            using var result = session.Run(inputs);
            foreach (var expected in fixture.Expected.GetProperty("expected").EnumerateArray())
            {
                var output = result[expected.GetProperty("output").GetString()!];
                switch (expected.GetProperty("kind").GetString())
                {
                    case "zipmap":
                        AssertZipMap(expected, output);
                        break;
                    default:
                        AssertTensor(expected, output);
                        break;
                }
            }
        }
        finally
        {
            foreach (var value in inputs.Values)
            {
                value.Dispose();
            }
        }
    }

    [Theory]
    [MemberData(nameof(FixtureNames))]
    public void Folder_is_an_mlflow_onnx_model(string name)
    {
        var fixture = ModelFixture.Load(name);
        foreach (var file in new[] { "MLmodel", "model.onnx", "conda.yaml", "python_env.yaml", "requirements.txt", "input_example.json", "serving_input_example.json" })
        {
            Assert.True(File.Exists(Path.Combine(fixture.Directory, file)), $"{name} lacks {file}");
        }

        var yaml = new YamlStream();
        using (var reader = File.OpenText(Path.Combine(fixture.Directory, "MLmodel")))
        {
            yaml.Load(reader);
        }

        var root = (YamlMappingNode)yaml.Documents[0].RootNode;
        var flavors = (YamlMappingNode)root["flavors"];
        Assert.Equal("model.onnx", Scalar(flavors["onnx"], "data"));
        Assert.Equal("mlflow.onnx", Scalar(flavors["python_function"], "loader_module"));
        Assert.Equal("model.onnx", Scalar(flavors["python_function"], "data"));
        Assert.StartsWith("2.17", Scalar(root, "mlflow_version"), StringComparison.Ordinal);

        using var session = OnnxSession.Open(fixture.ModelPath);
        using var signature = JsonDocument.Parse(Scalar(root["signature"], "inputs"));
        var specs = signature.RootElement.EnumerateArray().ToArray();
        if (specs[0].GetProperty("type").GetString() == "tensor")
        {
            // Tensor-based: one named tensor per ONNX input.
            Assert.Equal(session.Inputs.Select(i => i.Name), specs.Select(s => s.GetProperty("name").GetString()));
        }
        else if (session.Inputs.Count == 1)
        {
            // Column-based over one float matrix: one named column per feature.
            Assert.Equal(session.Inputs[0].Type.Shape[^1], specs.Length);
        }
        else
        {
            // Column-based with one ONNX input per column.
            Assert.Equal(session.Inputs.Select(i => i.Name), specs.Select(s => s.GetProperty("name").GetString()));
        }
    }

    private static string Scalar(YamlNode mapping, string key) => ((YamlScalarNode)((YamlMappingNode)mapping)[key]).Value!;

    private static void AssertTensor(JsonElement expected, OnnxValue output)
    {
        var data = expected.GetProperty("data");
        int[]? rows = expected.TryGetProperty("rows", out var rowList) ? rowList.EnumerateArray().Select(r => r.GetInt32()).ToArray() : null;
        if (expected.TryGetProperty("shape", out var shape))
        {
            Assert.Equal(shape.EnumerateArray().Select(d => d.GetInt64()), output.Shape.ToArray());
        }

        switch (expected.GetProperty("dtype").GetString())
        {
            case "float32":
                AssertClose(data, output.GetTensorData<float>().ToArray().Select(v => (double)v).ToArray());
                break;
            case "float64":
                AssertClose(data, output.GetTensorData<double>().ToArray());
                break;
            case "int64":
                var labels = output.GetTensorData<long>().ToArray();
                var expectedLabels = data.EnumerateArray().Select(v => v.GetInt64()).ToArray();
                Assert.Equal(expectedLabels.Length, labels.Length);
                foreach (var row in rows ?? Enumerable.Range(0, labels.Length))
                {
                    Assert.Equal(expectedLabels[row], labels[row]);
                }

                break;
            case "string":
                var strings = output.GetStrings();
                var expectedStrings = data.EnumerateArray().Select(v => v.GetString()).ToArray();
                foreach (var row in rows ?? Enumerable.Range(0, strings.Length))
                {
                    Assert.Equal(expectedStrings[row], strings[row]);
                }

                break;
            default:
                throw new InvalidDataException($"unknown dtype {expected.GetProperty("dtype")}");
        }
    }

    private static void AssertZipMap(JsonElement expected, OnnxValue output)
    {
        var shape = expected.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray();
        Assert.Equal(OnnxValueKind.Sequence, output.Kind);
        Assert.Equal(shape[0], output.Count);

        var matrix = new float[shape[0] * shape[1]];
        Assert.Equal(shape[1], output.CopyMapSequenceValues<float>(matrix));
        AssertClose(expected.GetProperty("data"), matrix.Select(v => (double)v).ToArray());

        var labels = expected.GetProperty("labels");
        if (labels[0].ValueKind == JsonValueKind.String)
        {
            Assert.Equal(labels.EnumerateArray().Select(l => l.GetString()), output.GetMapSequenceStringKeys());
        }
        else
        {
            Assert.Equal(labels.EnumerateArray().Select(l => l.GetInt64()), output.GetMapSequenceKeys<long>());
        }
    }

    private static void AssertClose(JsonElement expected, double[] actual)
    {
        var values = expected.EnumerateArray().Select(v => v.GetDouble()).ToArray();
        Assert.Equal(values.Length, actual.Length);
        for (var i = 0; i < values.Length; i++)
        {
            Assert.True(Math.Abs(values[i] - actual[i]) <= Tolerance, $"element {i}: expected {values[i]:R}, got {actual[i]:R}");
        }
    }
}
