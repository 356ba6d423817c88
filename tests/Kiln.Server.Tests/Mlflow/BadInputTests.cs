using System.Net;
using System.Text;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Mlflow;

/// <summary>Bad input of every kind gets MLflow's error format and a 4xx, and changes nothing already stored.</summary>
public abstract class BadInputTests : ServerTestBase
{
    protected override IReadOnlyDictionary<string, string?>? Settings => new Dictionary<string, string?> { ["Kiln:MaxJsonBodyBytes"] = "65536" };

    private async Task<string> RunWithDataAsync()
    {
        var run = await Mlflow.CreateRunAsync("0", "stable");
        (await Mlflow.PostAsync("runs/log-batch", new
        {
            run_id = run,
            metrics = new[] { new { key = "m", value = 1.0, timestamp = 1L, step = 0L } },
            @params = new[] { new { key = "p", value = "v" } },
        })).EnsureOk();
        return run;
    }

    private async Task AssertUnchangedAsync(string run)
    {
        var data = (await Mlflow.GetAsync("runs/get", ("run_id", run))).EnsureOk().Json.GetProperty("run").GetProperty("data");
        Assert.Single(data.GetProperty("metrics").EnumerateArray());
        Assert.Single(data.GetProperty("params").EnumerateArray());
        var history = (await Mlflow.GetAsync("metrics/get-history", ("run_id", run), ("metric_key", "m"))).EnsureOk().Json;
        Assert.Single(history.GetProperty("metrics").EnumerateArray());
    }

    private static void AssertMlflowError(ApiResponse response, HttpStatusCode status, string code)
    {
        Assert.Equal(status, response.Status);
        Assert.Equal(code, response.ErrorCode);
        Assert.False(string.IsNullOrEmpty(response.Message));
    }

    [Fact]
    public async Task Malformed_json_is_a_400_in_mlflow_format()
    {
        var run = await RunWithDataAsync();
        var response = await Mlflow.SendRawAsync(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch", "{\"run_id\": \"" + run + "\", \"metrics\": [");
        AssertMlflowError(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertUnchangedAsync(run);
    }

    [Theory]
    [InlineData("{\"name\": 123}", "Invalid value 123 for parameter 'name' supplied. Hint: Value was of type 'int'. See the API docs for more information about request parameters.")]
    [InlineData("{\"name\": [\"a\"]}", "Invalid value [\"a\"] for parameter 'name' supplied. Hint: Value was of type 'list'. See the API docs for more information about request parameters.")]
    [InlineData("{}", "Missing value for required parameter 'name'. See the API docs for more information about request parameters.")]
    [InlineData("{\"name\": \"\"}", "Missing value for required parameter 'name'. See the API docs for more information about request parameters.")]
    public async Task Wrong_types_and_missing_fields_get_mlflows_messages(string body, string message)
    {
        var response = await Mlflow.SendRawAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/create", body);
        AssertMlflowError(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal(message, response.Message);
    }

    [Fact]
    public async Task Wrong_metric_types_in_a_batch_fail_whole()
    {
        var run = await RunWithDataAsync();
        var response = await Mlflow.SendRawAsync(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch",
            "{\"run_id\": \"" + run + "\", \"metrics\": [{\"key\": \"m\", \"value\": 2, \"timestamp\": 2}, {\"key\": \"m\", \"value\": \"high\", \"timestamp\": 3}]}");
        AssertMlflowError(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        await AssertUnchangedAsync(run);
    }

    [Fact]
    public async Task Wrong_content_type_is_refused()
    {
        var response = await Mlflow.SendRawAsync(HttpMethod.Post, "api/2.0/mlflow/experiments/create", "{\"name\": \"x\"}", "text/plain");
        AssertMlflowError(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal("Bad Request. Content-Type must be one of [application/json]. Got 'text/plain'.", response.Message);
    }

    [Fact]
    public async Task Unknown_endpoints_and_wrong_methods_are_json_errors()
    {
        var unknown = await Mlflow.SendRawAsync(HttpMethod.Post, "api/2.0/mlflow/runs/explode", "{}");
        AssertMlflowError(unknown, HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND");
        var wrongMethod = await Mlflow.SendRawAsync(HttpMethod.Get, "api/2.0/mlflow/runs/create", null);
        AssertMlflowError(wrongMethod, HttpStatusCode.MethodNotAllowed, "ENDPOINT_NOT_FOUND");
    }

    [Fact]
    public async Task Oversized_bodies_are_refused_without_reading_them_whole()
    {
        var run = await RunWithDataAsync();
        var huge = new StringBuilder("{\"run_id\": \"" + run + "\", \"tags\": [");
        for (var i = 0; i < 5000; i++)
        {
            huge.Append(i == 0 ? string.Empty : ",").Append("{\"key\": \"t").Append(i).Append("\", \"value\": \"").Append('x', 20).Append("\"}");
        }
        huge.Append("]}");
        var response = await Mlflow.SendRawAsync(HttpMethod.Post, "api/2.0/mlflow/runs/log-batch", huge.ToString());
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", response.ErrorCode);
        await AssertUnchangedAsync(run);
    }

    [Theory]
    [InlineData("bad:name", "Invalid metric name: 'bad:name'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).")]
    [InlineData("a//b", "Invalid metric name: 'a//b'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to 'a/b'")]
    [InlineData("../up", "Invalid metric name: '../up'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '../up'")]
    public async Task Invalid_names_are_refused(string key, string message)
    {
        var run = await RunWithDataAsync();
        var response = await Mlflow.PostAsync("runs/log-metric", new { run_id = run, key, value = 1, timestamp = 5 });
        AssertMlflowError(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal(message, response.Message);
        await AssertUnchangedAsync(run);
    }

    [Fact]
    public async Task Over_limit_batches_are_refused_with_mlflows_message()
    {
        var run = await RunWithDataAsync();
        var metrics = Enumerable.Range(0, 1001).Select(i => new { key = "m", value = 1.0, timestamp = 10L + i, step = 0L }).ToArray();
        var response = await Mlflow.PostAsync("runs/log-batch", new { run_id = run, metrics });
        AssertMlflowError(response, HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        Assert.Equal("A batch logging request can contain at most 1000 metrics. Got 1001 metrics. Please split up metrics across multiple requests and try again.", response.Message);
        var parameters = Enumerable.Range(0, 2).Select(_ => new { key = "dup", value = "x" }).ToArray();
        var duplicate = await Mlflow.PostAsync("runs/log-batch", new { run_id = run, @params = parameters });
        Assert.Equal("Duplicate parameter keys have been submitted: ['dup']. Please ensure the request contains only one param value per param key.", duplicate.Message);
        await AssertUnchangedAsync(run);
    }

    [Fact]
    public async Task Unknown_ids_are_404_and_bad_page_tokens_400()
    {
        AssertMlflowError(await Mlflow.GetAsync("runs/get", ("run_id", "0123456789abcdef0123456789abcdef")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        AssertMlflowError(await Mlflow.GetAsync("experiments/get", ("experiment_id", "abc")), HttpStatusCode.NotFound, "RESOURCE_DOES_NOT_EXIST");
        AssertMlflowError(await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" }, page_token = "not-base64!" }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
        AssertMlflowError(await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" }, max_results = 50001 }), HttpStatusCode.BadRequest, "INVALID_PARAMETER_VALUE");
    }
}

public sealed class SqliteBadInputTests : BadInputTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}

public sealed class PostgresBadInputTests : BadInputTests
{
    protected override TestBackend Backend => TestBackend.Postgres;
}
