using System.Net;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>Versions asked for by number load on demand and are unloaded least recently used first at the cap.</summary>
public sealed class CapacityTests : InferenceTestBase
{
    protected override TestBackend Backend => TestBackend.Sqlite;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Kiln:Serving:MaxLoadedModels"] = "2" };

    [Fact]
    public async Task Least_recently_used_version_is_unloaded_at_the_cap_and_the_served_one_is_kept()
    {
        const string body = """{"inputs":[{"name":"input","datatype":"FP32","shape":[1,4],"data":[5.1,3.5,1.4,0.2]}]}""";
        for (var i = 0; i < 3; i++)
        {
            await RegisterAsync("iris", "iris_random_forest");
        }
        await RegisterAndServeAsync("pinned", "iris_random_forest");

        async Task<IReadOnlyList<string>> LoadedAsync() => [.. (await PostAsync("v2/repository/index", "{\"ready\": true}")).EnsureOk().Json.EnumerateArray()
            .Select(e => $"{e.GetProperty("name").GetString()}/{e.GetProperty("version").GetString()}").Order(StringComparer.Ordinal)];

        (await PostAsync("v2/models/iris/versions/1/infer", body)).EnsureOk();
        Assert.Equal(["iris/1", "pinned/1"], await LoadedAsync());
        (await PostAsync("v2/models/iris/versions/2/infer", body)).EnsureOk();
        Assert.Equal(["iris/2", "pinned/1"], await LoadedAsync());
        (await PostAsync("v2/models/iris/versions/3/infer", body)).EnsureOk();
        Assert.Equal(["iris/3", "pinned/1"], await LoadedAsync());
        var answer = (await PostAsync("v2/models/iris/versions/1/infer", body)).EnsureOk();
        Assert.Equal("1", answer.Json.GetProperty("model_version").GetString());
        Assert.Equal(["iris/1", "pinned/1"], await LoadedAsync());
        Assert.Equal(HttpStatusCode.OK, (await PostAsync("v2/models/pinned/infer", body)).Status);

        var metrics = await Client.GetStringAsync("metrics");
        Assert.Contains("kiln_inference_loaded_models 2", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("kiln_inference_request_success_total{model=\"iris\",version=\"2\"}", metrics, StringComparison.Ordinal);
    }
}
