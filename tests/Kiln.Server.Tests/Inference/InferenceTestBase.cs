using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>A real server per test with helpers to register fixtures, move aliases and call the inference endpoints.</summary>
public abstract class InferenceTestBase : ServerTestBase
{
    protected static readonly TimeSpan ServeTimeout = TimeSpan.FromSeconds(20);

    protected HttpClient Client => Server.Client;

    /// <summary>Logs the fixture folder to a run, registers it and returns the new version number.</summary>
    protected async Task<string> RegisterAsync(string model, string fixture)
    {
        var (_, version) = await Mlflow.LogAndRegisterModelAsync(model, Fixtures.Model(fixture));
        Assert.Equal("READY", version.GetProperty("status").GetString());
        return version.GetProperty("version").GetString()!;
    }

    protected async Task SetAliasAsync(string model, string version, string alias = "production") =>
        (await Mlflow.PostAsync("registered-models/alias", new { name = model, alias, version })).EnsureOk();

    protected async Task RegisterAndServeAsync(string model, string fixture)
    {
        var version = await RegisterAsync(model, fixture);
        await SetAliasAsync(model, version);
        await WaitServedAsync(model, version);
    }

    /// <summary>Waits until the model answers with the version (by its ready endpoint and Kiln-Model-Version header).</summary>
    protected async Task WaitServedAsync(string model, string version)
    {
        var deadline = DateTime.UtcNow + ServeTimeout;
        while (true)
        {
            using var response = await Client.GetAsync($"v2/models/{model}/ready");
            if (response.StatusCode == HttpStatusCode.OK && response.Headers.TryGetValues("Kiln-Model-Version", out var values) && values.First() == version)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                var index = await PostAsync("v2/repository/index", "{}");
                throw new TimeoutException($"{model} version {version} was not served within {ServeTimeout}; index: {index.Text}");
            }
            await Task.Delay(25);
        }
    }

    protected async Task<ApiResponse> PostAsync(string path, string body, string contentType = "application/json")
    {
        using var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        return await MlflowTestClient.ReadAsync(await Client.PostAsync(path, content));
    }

    protected Task<ApiResponse> PostAsync(string path, JsonNode body) => PostAsync(path, body.ToJsonString());

    protected static JsonElement Output(JsonElement response, string name) =>
        response.GetProperty("outputs").EnumerateArray().Single(o => o.GetProperty("name").GetString() == name);

    protected static string? Error(ApiResponse response) =>
        response.Json.ValueKind == JsonValueKind.Object && response.Json.TryGetProperty("error", out var error) ? error.GetString() : null;
}
