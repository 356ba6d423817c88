using System.Net;
using System.Text.Json.Nodes;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>Bad inference input is a 4xx in the protocol's own error format, never a 500, and is counted by reason.</summary>
public sealed class BadInferenceInputTests : InferenceTestBase
{
    protected override TestBackend Backend => TestBackend.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Kiln:Serving:MaxRequestBytes"] = "65536" };

    private static JsonObject Iris(string name = "input", string datatype = "FP32", JsonArray? shape = null, JsonArray? data = null) => new()
    {
        ["inputs"] = new JsonArray(new JsonObject
        {
            ["name"] = name,
            ["datatype"] = datatype,
            ["shape"] = shape ?? new JsonArray(1, 4),
            ["data"] = data ?? new JsonArray(5.1, 3.5, 1.4, 0.2),
        }),
    };

    [Fact]
    public async Task V2_bad_requests_are_400_with_an_error_message()
    {
        await RegisterAndServeAsync("iris", "iris_random_forest");
        var cases = new (string Body, string Expected)[]
        {
            (Iris(name: "petals").ToJsonString(), "no input 'petals'"),
            (Iris(datatype: "FP64").ToJsonString(), "datatype FP64; the model expects FP32"),
            (Iris(datatype: "FLOAT").ToJsonString(), "Unknown datatype"),
            (Iris(shape: new JsonArray(1, 5), data: new JsonArray(1, 2, 3, 4, 5)).ToJsonString(), "shape [1,5]"),
            (Iris(shape: new JsonArray(2, 4)).ToJsonString(), "holds 8 elements, but 4 were given"),
            (Iris(data: new JsonArray("a", "b", "c", "d")).ToJsonString(), "is FP32, but its data holds a string"),
            (Iris(data: new JsonArray(new JsonArray(1, 2), new JsonArray(3))).ToJsonString(), "ragged"),
            ("{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4], \"data\": [1, 2, 3", "Malformed JSON"),
            ("[1, 2]", "must be a JSON object"),
            ("{}", "no 'inputs'"),
            ("{\"inputs\": [{\"name\": \"input\", \"datatype\": \"FP32\", \"shape\": [1, 4], \"data\": [1, 2, 3, 4]}], \"outputs\": [{\"name\": \"nope\"}]}", "no output 'nope'"),
            ("{\"inputs\": []}", "no input 'input'"),
        };
        foreach (var (body, expected) in cases)
        {
            var response = await PostAsync("v2/models/iris/infer", body);
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{body}: {(int)response.Status} {response.Text}");
            Assert.Contains(expected, Error(response), StringComparison.Ordinal);
        }

        var oversized = await PostAsync("v2/models/iris/infer", "{\"inputs\": [" + new string(' ', 70_000) + "]}");
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, oversized.Status);
        Assert.Contains("limit", Error(oversized), StringComparison.Ordinal);

        var unknown = await PostAsync("v2/models/nobody/infer", Iris().ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, unknown.Status);
        Assert.NotNull(Error(unknown));
        var badVersion = await PostAsync("v2/models/iris/versions/x1/infer", Iris().ToJsonString());
        Assert.Equal(HttpStatusCode.BadRequest, badVersion.Status);
        var missingVersion = await PostAsync("v2/models/iris/versions/9/infer", Iris().ToJsonString());
        Assert.Equal(HttpStatusCode.NotFound, missingVersion.Status);

        var metrics = await Client.GetStringAsync("metrics");
        Assert.Contains("kiln_inference_request_failure_total{model=\"iris\",version=\"1\",reason=\"invalid_input\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mlflow_scoring_bad_requests_are_400_in_mlflow_format()
    {
        await RegisterAndServeAsync("iris", "iris_random_forest");
        var cases = new (string Body, string Expected)[]
        {
            ("{\"dataframe_split\": {\"columns\": [\"sepal length (cm)\", \"sepal width (cm)\", \"petal length (cm)\"], \"data\": [[1, 2, 3]]}}", "missing inputs ['petal width (cm)']"),
            ("{\"dataframe_records\": [{\"sepal length (cm)\": 1}]}", "no value for column 'sepal width (cm)'"),
            ("{\"dataframe_split\": {\"columns\": [\"sepal length (cm)\", \"sepal width (cm)\", \"petal length (cm)\", \"petal width (cm)\"], \"data\": [[1, 2, 3, \"x\"]]}}", "FP32, but its data holds a string"),
            ("{\"dataframe_split\": {\"columns\": [\"sepal length (cm)\", \"sepal width (cm)\", \"petal length (cm)\", \"petal width (cm)\"], \"data\": [[1, 2, 3]]}}", "Row 0"),
            ("{\"instances\": [[1, 2, 3, 4]], \"inputs\": [[1, 2, 3, 4]]}", "exactly one of the input fields"),
            ("{\"data\": [[1, 2, 3, 4]]}", "exactly one of the input fields"),
            ("[[1, 2, 3, 4]]", "Received a list"),
            ("{\"inputs\": [[1, 2", "Failed to parse"),
        };
        foreach (var (body, expected) in cases)
        {
            var response = await PostAsync("v2/models/iris/invocations", body);
            Assert.True(response.Status == HttpStatusCode.BadRequest, $"{body}: {(int)response.Status} {response.Text}");
            Assert.Contains(response.ErrorCode, new[] { "BAD_REQUEST", "INVALID_PARAMETER_VALUE" });
            Assert.Contains(expected, response.Message, StringComparison.Ordinal);
        }
        var wrongType = await PostAsync("invocations", "a,b\n1,2", "text/csv");
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.Contains("content types", wrongType.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tensor_signature_rejects_dataframes_and_wrong_widths()
    {
        await RegisterAndServeAsync("digits", "digits_mlp");
        var frame = await PostAsync("invocations", "{\"dataframe_split\": {\"columns\": [\"a\"], \"data\": [[1]]}}");
        Assert.Equal(HttpStatusCode.BadRequest, frame.Status);
        Assert.Contains("tensor-based signature", frame.Message, StringComparison.Ordinal);
        var narrow = await PostAsync("invocations", "{\"inputs\": {\"pixels\": [[0.5, 0.5]]}}");
        Assert.Equal(HttpStatusCode.BadRequest, narrow.Status);
        Assert.Contains("shape [1,2]", narrow.Message, StringComparison.Ordinal);
    }
}
