using System.Text;
using Kiln.Core;
using Kiln.Serving.Codecs;
using Kiln.Serving.Inference;

namespace Kiln.Serving.Tests.Codecs;

public sealed class MlflowScoringReaderTests : IDisposable
{
    private const string Columns = """["sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"]""";
    private readonly TestModel _iris = TestModel.Open("iris_random_forest");
    private readonly TestModel _fruit = TestModel.Open("fruit_quality_categorical");
    private readonly TestModel _digits = TestModel.Open("digits_mlp");

    public void Dispose()
    {
        _iris.Dispose();
        _fruit.Dispose();
        _digits.Dispose();
    }

    [Fact]
    public void Plans_follow_the_signature()
    {
        Assert.Equal(ScoringLayout.ColumnsToMatrix, _iris.Schema.Scoring.Layout);
        Assert.Equal(ScoringLayout.ColumnsToInputs, _fruit.Schema.Scoring.Layout);
        Assert.Equal(ScoringLayout.Tensors, _digits.Schema.Scoring.Layout);
    }

    [Theory]
    [InlineData("""{"dataframe_split": {"columns": COLUMNS, "data": [[1, 2, 3, 4], [5, 6, 7, 8]]}}""")]
    [InlineData("""{"dataframe_split": {"data": [[3, 4, 1, 2], [7, 8, 5, 6]], "columns": ["petal length (cm)", "petal width (cm)", "sepal length (cm)", "sepal width (cm)"]}}""")]
    [InlineData("""{"dataframe_split": {"columns": ["extra", "sepal length (cm)", "sepal width (cm)", "petal length (cm)", "petal width (cm)"], "data": [["x", 1, 2, 3, 4], ["y", 5, 6, 7, 8]]}}""")]
    [InlineData("""{"dataframe_records": [{"petal width (cm)": 4, "sepal length (cm)": 1, "sepal width (cm)": 2, "petal length (cm)": 3}, {"sepal length (cm)": 5, "sepal width (cm)": 6, "petal length (cm)": 7, "petal width (cm)": 8}]}""")]
    [InlineData("""{"instances": [[1, 2, 3, 4], [5, 6, 7, 8]]}""")]
    [InlineData("""{"inputs": {"sepal length (cm)": [1, 5], "sepal width (cm)": [2, 6], "petal length (cm)": [3, 7], "petal width (cm)": [4, 8]}}""")]
    public void Every_dataframe_format_fills_the_matrix_in_signature_order(string json)
    {
        using var request = MlflowScoringReader.Read(Encoding.UTF8.GetBytes(json.Replace("COLUMNS", Columns, StringComparison.Ordinal)), _iris.Schema);
        var matrix = request.Inputs[0]!;
        Assert.Equal([2L, 4L], matrix.Shape);
        Assert.Equal(new float[] { 1, 2, 3, 4, 5, 6, 7, 8 }, matrix.Elements<float>().ToArray());
    }

    [Fact]
    public void Categorical_columns_become_one_tensor_each()
    {
        using var request = MlflowScoringReader.Read(Encoding.UTF8.GetBytes("""{"dataframe_records": [{"color": "red", "origin": "south", "weight": 150.5}, {"color": "yellow", "origin": "west", "weight": 166}]}"""), _fruit.Schema);
        var color = request.Inputs[_fruit.Schema.FindInput("color")]!;
        Assert.Equal([2L, 1L], color.Shape);
        Assert.Equal(["red", "yellow"], color.Strings.ToArray());
        Assert.Equal(new float[] { 150.5f, 166f }, request.Inputs[_fruit.Schema.FindInput("weight")]!.Elements<float>().ToArray());
    }

    [Fact]
    public void Tensor_signatures_take_named_tensors_or_instances()
    {
        var row = string.Join(',', Enumerable.Repeat("0.5", 64));
        using var named = MlflowScoringReader.Read(Encoding.UTF8.GetBytes("{\"inputs\": {\"pixels\": [[" + row + "], [" + row + "]]}}"), _digits.Schema);
        Assert.Equal([2L, 64L], named.Inputs[0]!.Shape);
        using var instances = MlflowScoringReader.Read(Encoding.UTF8.GetBytes("{\"instances\": [{\"pixels\": [" + row + "]}, {\"pixels\": [" + row + "]}, {\"pixels\": [" + row + "]}]}"), _digits.Schema);
        Assert.Equal([3L, 64L], instances.Inputs[0]!.Shape);
        using var bare = MlflowScoringReader.Read(Encoding.UTF8.GetBytes("{\"instances\": [[" + row + "]]}"), _digits.Schema);
        Assert.Equal([1L, 64L], bare.Inputs[0]!.Shape);
    }

    [Theory]
    [InlineData("""{"dataframe_split": {"columns": ["sepal length (cm)"], "data": [[1]]}}""", "Model is missing inputs")]
    [InlineData("""{"dataframe_split": {"columns": COLUMNS, "data": [[1, 2, 3, 4, 5]]}}""", "more values than there are columns")]
    [InlineData("""{"dataframe_split": {"columns": COLUMNS, "data": [[1, 2, 3, null]]}}""", "")]
    [InlineData("""{"foo": 1}""", "exactly one of the input fields")]
    public void Bad_frames_are_rejected(string json, string message)
    {
        var body = Encoding.UTF8.GetBytes(json.Replace("COLUMNS", Columns, StringComparison.Ordinal));
        if (message.Length == 0)
        {
            // null in a float column is NaN, as pandas reads it.
            using var request = MlflowScoringReader.Read(body, _iris.Schema);
            Assert.True(float.IsNaN(request.Inputs[0]!.Elements<float>()[3]));
            return;
        }
        var exception = Assert.Throws<KilnException>(() => MlflowScoringReader.Read(body, _iris.Schema));
        Assert.Contains(message, exception.Message, StringComparison.Ordinal);
    }
}
