using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>Dynamic batching: the same answers as unbatched runs, real batches under concurrency, 503 when the queue is full.</summary>
public sealed partial class BatchingTests : InferenceTestBase
{
    protected override TestBackend Backend => TestBackend.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Kiln:Serving:Models:0:Model"] = "batched",
        ["Kiln:Serving:Models:0:Batching:MaxBatchSize"] = "16",
        ["Kiln:Serving:Models:0:Batching:MaxQueueDelayMicroseconds"] = "5000",
        ["Kiln:Serving:Models:1:Model"] = "plain",
        ["Kiln:Serving:Models:2:Model"] = "slow",
        ["Kiln:Serving:Models:2:Batching:MaxBatchSize"] = "64",
        ["Kiln:Serving:Models:2:Batching:MaxQueueDelayMicroseconds"] = "1500000",
        ["Kiln:Serving:Models:2:Batching:MaxQueueSize"] = "2",
    };

    [Fact]
    public async Task Batched_answers_equal_unbatched_ones_and_runs_hold_several_requests()
    {
        var fixture = ServingFixture.Load("digits_mlp");
        await RegisterAndServeAsync("batched", "digits_mlp");
        await RegisterAndServeAsync("plain", "digits_mlp");
        var input = fixture.Expected.GetProperty("inputs")[0].GetProperty("data").EnumerateArray().Select(v => v.GetDouble()).ToArray();
        var rows = input.Length / 64;

        string Request(int row) => new JsonObject
        {
            ["inputs"] = new JsonArray(new JsonObject
            {
                ["name"] = "pixels",
                ["datatype"] = "FP32",
                ["shape"] = new JsonArray(1, 64),
                ["data"] = new JsonArray(input.Skip(row * 64).Take(64).Select(v => (JsonNode?)v).ToArray()),
            }),
        }.ToJsonString();

        var tasks = Enumerable.Range(0, 4 * rows).Select(async i =>
        {
            var row = i % rows;
            var batched = (await PostAsync("v2/models/batched/infer", Request(row))).EnsureOk();
            var plain = (await PostAsync("v2/models/plain/infer", Request(row))).EnsureOk();
            Assert.Equal(Output(plain.Json, "probabilities").GetProperty("data").GetRawText(), Output(batched.Json, "probabilities").GetProperty("data").GetRawText());
            Assert.Equal(Output(plain.Json, "label").GetProperty("data").GetRawText(), Output(batched.Json, "label").GetProperty("data").GetRawText());
            Assert.Equal([1L, 10L], Output(batched.Json, "probabilities").GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()));
        });
        await Task.WhenAll(tasks);

        var metrics = await Client.GetStringAsync("metrics");
        var runs = Sample(metrics, "kiln_inference_batch_size_count", "batched");
        var inferred = Sample(metrics, "kiln_inference_batch_size_sum", "batched");
        Assert.Equal(4 * rows, inferred);
        Assert.True(runs < inferred, $"{inferred} requests ran in {runs} runs: no batching happened");
        Assert.Equal(Sample(metrics, "kiln_inference_batch_size_sum", "plain"), Sample(metrics, "kiln_inference_batch_size_count", "plain"));
    }

    [Fact]
    public async Task A_full_queue_refuses_with_503_and_retry_after()
    {
        await RegisterAndServeAsync("slow", "iris_random_forest");
        const string body = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[5.1,3.5,1.4,0.2]}]}""";
        var queued = Enumerable.Range(0, 2).Select(_ => PostAsync("v2/models/slow/infer", body)).ToList();
        await Task.Delay(300);
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        using var refused = await Client.PostAsync("v2/models/slow/infer", content);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("1", refused.Headers.GetValues("Retry-After").Single());
        Assert.Contains("queue", JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        foreach (var response in await Task.WhenAll(queued))
        {
            response.EnsureOk();
        }
        var metrics = await Client.GetStringAsync("metrics");
        Assert.Contains("kiln_inference_request_failure_total{model=\"slow\",version=\"1\",reason=\"queue_full\"} 1", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_in_flight_finish_when_the_server_stops()
    {
        await RegisterAndServeAsync("slow", "iris_random_forest");
        var inFlight = PostAsync("v2/models/slow/infer", """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[5.1,3.5,1.4,0.2]}]}""");
        await Task.Delay(200);
        await Server.App.StopAsync();
        var response = await inFlight;
        Assert.Equal(HttpStatusCode.OK, response.Status);
    }

    private static double Sample(string metrics, string name, string model)
    {
        var match = Regex.Match(metrics, $"^{Regex.Escape(name)}\\{{model=\"{model}\",version=\"1\"\\}} (\\S+)$", RegexOptions.Multiline);
        Assert.True(match.Success, $"no {name} for {model}");
        return double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
