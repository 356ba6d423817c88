using System.Net;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>Every fixture model, registered through the MLflow API and given the production alias, answers as scikit-learn did.</summary>
public abstract class FixtureServingTests : InferenceTestBase
{
    [Theory]
    [MemberData(nameof(ServingFixture.All), MemberType = typeof(ServingFixture))]
    public async Task Production_alias_is_served_and_v2_answers_match_expected(string fixtureName)
    {
        var fixture = ServingFixture.Load(fixtureName);
        await RegisterAndServeAsync("m", fixtureName);

        foreach (var nested in new[] { false, true })
        {
            var response = (await PostAsync("v2/models/m/infer", fixture.V2Request(nested))).EnsureOk();
            Assert.Equal("m", response.Json.GetProperty("model_name").GetString());
            Assert.Equal("1", response.Json.GetProperty("model_version").GetString());
            Assert.Equal("req-" + fixtureName, response.Json.GetProperty("id").GetString());
            fixture.AssertOutputs(name =>
            {
                var output = Output(response.Json, name);
                var (numbers, strings, _) = ServingFixture.Flatten(output.GetProperty("data"));
                return (numbers, strings, output.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray());
            });
        }
    }

    [Theory]
    [MemberData(nameof(ServingFixture.All), MemberType = typeof(ServingFixture))]
    public async Task Mlflow_scoring_answers_match_expected_in_every_request_format(string fixtureName)
    {
        var fixture = ServingFixture.Load(fixtureName);
        await RegisterAndServeAsync("m", fixtureName);
        var formats = fixture.InputExample.TryGetProperty("columns", out _)
            ? new[] { "dataframe_split", "dataframe_records", "instances", "inputs" }
            : ["inputs"];
        foreach (var format in formats)
        {
            foreach (var path in new[] { "invocations", "v2/models/m/invocations", "v2/models/m/versions/1/invocations" })
            {
                using var message = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(fixture.ScoringRequest(format).ToJsonString(), System.Text.Encoding.UTF8, "application/json") };
                using var http = await Client.SendAsync(message);
                var response = await MlflowTestClient.ReadAsync(http);
                Assert.True(response.Status == HttpStatusCode.OK, $"{format} {path}: {response.Text}");
                var predictions = response.Json.GetProperty("predictions");
                fixture.AssertOutputs(name => predictions.TryGetProperty(name, out var value) ? ServingFixture.Flatten(value) : null);
            }
        }
    }

    [Fact]
    public async Task Model_metadata_describes_inputs_outputs_and_versions()
    {
        await RegisterAndServeAsync("iris", "iris_random_forest");
        var metadata = await Client.GetFromJsonElementAsync("v2/models/iris");
        Assert.Equal("iris", metadata.GetProperty("name").GetString());
        Assert.Equal(["1"], metadata.GetProperty("versions").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal("onnx_onnxv1", metadata.GetProperty("platform").GetString());
        var input = Assert.Single(metadata.GetProperty("inputs").EnumerateArray());
        Assert.Equal("input", input.GetProperty("name").GetString());
        Assert.Equal("FP32", input.GetProperty("datatype").GetString());
        Assert.Equal([-1L, 4L], input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        Assert.Equal(["label", "probabilities"], metadata.GetProperty("outputs").EnumerateArray().Select(o => o.GetProperty("name").GetString()));

        var server = await Client.GetFromJsonElementAsync("v2");
        Assert.Equal("kiln", server.GetProperty("name").GetString());
        Assert.Contains("binary_tensor_data", server.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        Assert.True((await Client.GetFromJsonElementAsync("v2/health/live")).GetProperty("live").GetBoolean());
        Assert.True((await Client.GetFromJsonElementAsync("v2/health/ready")).GetProperty("ready").GetBoolean());
        Assert.True((await Client.GetFromJsonElementAsync("v2/models/iris/versions/1/ready")).GetProperty("ready").GetBoolean());
        using var notReady = await Client.GetAsync("v2/models/unknown/ready");
        Assert.Equal(HttpStatusCode.BadRequest, notReady.StatusCode);
    }
}

public sealed class SqliteFixtureServingTests : FixtureServingTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}
