using System.Text;
using System.Text.Json;
using Kiln.Core;
using Kiln.Serving.Codecs;
using Kiln.Serving.Inference;

namespace Kiln.Serving.Tests.Inference;

public sealed class ModelRunnerTests
{
    [Fact]
    public void ZipMap_output_is_a_probability_matrix_with_its_labels()
    {
        using var model = TestModel.Open("iris_logistic_regression_zipmap");
        var output = model.Schema.Outputs[model.Schema.FindOutput("output_probability")];
        Assert.Equal(OutputKind.ZipMap, output.Kind);
        using var request = MlflowScoringReader.Read(Encoding.UTF8.GetBytes("""{"instances": [[5.1, 3.5, 1.4, 0.2], [6.7, 3.0, 5.2, 2.3]]}"""), model.Schema);
        var runner = new ModelRunner(model.Session, model.Schema);
        var run = runner.Run(request.Inputs!, runner.AllOutputs, out _);
        try
        {
            var buffer = run[model.Schema.FindOutput("output_probability")]!;
            Assert.Equal([2L, 3L], buffer.Shape);
            Assert.Equal(["setosa", "versicolor", "virginica"], output.Labels);
            var writer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var response = new InferenceResponse("m", 1, null, [new OutputTensor(buffer, 0, 2, false)], run))
            {
                run.AddReferences(1);
                MlflowScoringWriter.Write(response, writer);
            }
            using var json = JsonDocument.Parse(writer.WrittenMemory);
            var rows = json.RootElement.GetProperty("predictions").GetProperty("output_probability");
            Assert.Equal(2, rows.GetArrayLength());
            Assert.Equal(1.0, rows[0].EnumerateArray().Sum(p => p.GetDouble()), 5);
        }
        finally
        {
            run.Release();
        }
    }

    [Fact]
    public void Signature_that_does_not_fit_the_model_is_refused_at_load()
    {
        var exception = Assert.Throws<KilnException>(() => TestModel.Open("iris_random_forest", """{"inputs": [{"name": "a", "type": "double"}, {"name": "b", "type": "double"}]}"""));
        Assert.Contains("match neither", exception.Message, StringComparison.Ordinal);
        var tensor = Assert.Throws<KilnException>(() => TestModel.Open("digits_mlp", """{"inputs": [{"name": "pixels", "type": "tensor", "tensor-spec": {"dtype": "float64", "shape": [-1, 64]}}]}"""));
        Assert.Contains("float64", tensor.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_and_datatype_are_checked_before_running()
    {
        using var model = TestModel.Open("iris_random_forest");
        using var request = new InferenceRequest(model.Schema);
        request.Inputs[0] = Kiln.Serving.Tensors.InferenceTensor.Create<float>("input", Kiln.Serving.Tensors.TensorDataType.FP32, [1, 3], [1f, 2f, 3f]);
        var exception = Assert.Throws<KilnException>(() => ModelRunner.Validate(model.Schema, request));
        Assert.Contains("expects [-1,4]", exception.Message, StringComparison.Ordinal);
    }
}
