using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>The repository follows aliases live: swaps lose no request, failed loads keep the old version serving.</summary>
public abstract class LiveAliasTests : InferenceTestBase
{
    private const string IrisRequest = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[5.1,3.5,1.4,0.2]}]}""";

    [Fact]
    public async Task No_request_fails_while_the_alias_moves_back_and_forth_under_load()
    {
        var v1 = await RegisterAsync("iris", "iris_random_forest");
        var v2 = await RegisterAsync("iris", "iris_random_forest");
        await SetAliasAsync("iris", v1);
        await WaitServedAsync("iris", v1);

        var failures = new ConcurrentQueue<string>();
        var versions = new ConcurrentDictionary<string, int>();
        var requests = 0;
        using var stop = new CancellationTokenSource();
        var clients = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var content = new StringContent(IrisRequest, Encoding.UTF8, "application/json");
                using var response = await Client.PostAsync("v2/models/iris/infer", content);
                Interlocked.Increment(ref requests);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Enqueue($"{(int)response.StatusCode}: {text}");
                    continue;
                }
                var version = JsonDocument.Parse(text).RootElement.GetProperty("model_version").GetString()!;
                Assert.Equal(version, response.Headers.GetValues("Kiln-Model-Version").Single());
                versions.AddOrUpdate(version, 1, (_, n) => n + 1);
            }
        })).ToList();

        for (var move = 0; move < 20; move++)
        {
            var target = move % 2 == 0 ? v2 : v1;
            await SetAliasAsync("iris", target);
            await WaitServedAsync("iris", target);
        }
        await stop.CancelAsync();
        await Task.WhenAll(clients);

        Assert.True(failures.IsEmpty, $"{failures.Count} of {requests} requests failed, e.g. {failures.FirstOrDefault()}");
        Assert.True(versions.ContainsKey(v1) && versions.ContainsKey(v2), string.Join(", ", versions));
        Assert.True(requests > 100, $"only {requests} requests");
        var index = await PostAsync("v2/repository/index", "{\"ready\": true}");
        var ready = index.EnsureOk().Json.EnumerateArray().Where(e => e.GetProperty("name").GetString() == "iris").ToList();
        Assert.Equal([v1], ready.Select(e => e.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task A_corrupt_model_file_keeps_the_old_version_serving_and_shows_why()
    {
        var v1 = await RegisterAsync("iris", "iris_random_forest");
        await SetAliasAsync("iris", v1);
        await WaitServedAsync("iris", v1);

        using var broken = CopyFixture("iris_random_forest");
        File.WriteAllBytes(Path.Combine(broken.Path, "model.onnx"), Encoding.UTF8.GetBytes("this is not an ONNX model"));
        var (_, version) = await Mlflow.LogAndRegisterModelAsync("iris", broken.Path);
        var v2 = version.GetProperty("version").GetString()!;
        await SetAliasAsync("iris", v2);

        var entry = await WaitForIndexEntryAsync("iris", v2, "UNAVAILABLE");
        Assert.Contains("ONNX Runtime could not load model.onnx", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var served = (await PostAsync("v2/models/iris/infer", IrisRequest)).EnsureOk();
        Assert.Equal(v1, served.Json.GetProperty("model_version").GetString());
        var metrics = await Client.GetStringAsync("metrics");
        Assert.Contains($"kiln_inference_model_load_failures_total{{model=\"iris\",version=\"{v2}\"}} 1", metrics, StringComparison.Ordinal);

        // Moving the alias on to a good version recovers at once.
        var v3 = await RegisterAsync("iris", "iris_random_forest");
        await SetAliasAsync("iris", v3);
        await WaitServedAsync("iris", v3);
    }

    [Fact]
    public async Task An_input_example_that_does_not_run_fails_validation()
    {
        var v1 = await RegisterAsync("iris", "iris_random_forest");
        await SetAliasAsync("iris", v1);
        await WaitServedAsync("iris", v1);

        using var broken = CopyFixture("iris_random_forest");
        File.WriteAllText(Path.Combine(broken.Path, "input_example.json"), """{"columns": ["sepal length (cm)"], "data": [[5.1]]}""");
        var (_, version) = await Mlflow.LogAndRegisterModelAsync("iris", broken.Path);
        var v2 = version.GetProperty("version").GetString()!;
        await SetAliasAsync("iris", v2);

        var entry = await WaitForIndexEntryAsync("iris", v2, "UNAVAILABLE");
        Assert.Contains("input example does not run", entry.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Equal(v1, (await PostAsync("v2/models/iris/infer", IrisRequest)).EnsureOk().Json.GetProperty("model_version").GetString());
    }

    [Fact]
    public async Task Deleting_the_alias_unloads_and_the_repository_api_loads_and_unloads()
    {
        var v1 = await RegisterAsync("iris", "iris_random_forest");
        await SetAliasAsync("iris", v1);
        await WaitServedAsync("iris", v1);

        (await PostAsync("v2/repository/models/iris/unload", "")).EnsureOk();
        using (var ready = await Client.GetAsync("v2/models/iris/ready"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, ready.StatusCode);
        }
        var index = (await PostAsync("v2/repository/index", "{}")).EnsureOk().Json;
        var unloaded = Assert.Single(index.EnumerateArray(), e => e.GetProperty("name").GetString() == "iris");
        Assert.Equal("UNAVAILABLE", unloaded.GetProperty("state").GetString());
        Assert.Equal("unloaded", unloaded.GetProperty("reason").GetString());

        (await PostAsync("v2/repository/models/iris/load", "")).EnsureOk();
        await WaitServedAsync("iris", v1);
        var v2 = await RegisterAsync("iris", "iris_random_forest");
        (await PostAsync("v2/repository/models/iris/load", $$$"""{"parameters": {"version": "{{{v2}}}"}}""")).EnsureOk();
        Assert.True((await Client.GetFromJsonElementAsync($"v2/models/iris/versions/{v2}/ready")).GetProperty("ready").GetBoolean());

        (await Mlflow.DeleteAsync("registered-models/alias", new { name = "iris", alias = "production" })).EnsureOk();
        var deadline = DateTime.UtcNow + ServeTimeout;
        while (true)
        {
            using var ready = await Client.GetAsync($"v2/models/iris/versions/{v1}/ready");
            if (ready.StatusCode == HttpStatusCode.BadRequest)
            {
                break;
            }
            Assert.True(DateTime.UtcNow < deadline, "the version stayed loaded after its alias was deleted");
            await Task.Delay(25);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync("v2/repository/models/nobody/load", "")).Status);
    }

    private async Task<JsonElement> WaitForIndexEntryAsync(string model, string version, string state)
    {
        var deadline = DateTime.UtcNow + ServeTimeout;
        while (true)
        {
            var index = (await PostAsync("v2/repository/index", "{}")).EnsureOk().Json;
            var entry = index.EnumerateArray().FirstOrDefault(e => e.GetProperty("name").GetString() == model
                && e.TryGetProperty("version", out var v) && v.GetString() == version && e.GetProperty("state").GetString() == state);
            if (entry.ValueKind == JsonValueKind.Object)
            {
                return entry.Clone();
            }
            Assert.True(DateTime.UtcNow < deadline, $"no {state} entry for {model} {version}: {index}");
            await Task.Delay(25);
        }
    }

    private static TempDirectory CopyFixture(string name)
    {
        var copy = new TempDirectory("kiln-fixture");
        foreach (var file in Directory.GetFiles(Fixtures.Model(name)))
        {
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        }
        return copy;
    }
}

public sealed class SqliteLiveAliasTests : LiveAliasTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}

public sealed class PostgresLiveAliasTests : LiveAliasTests
{
    protected override TestBackend Backend => TestBackend.Postgres;
}
