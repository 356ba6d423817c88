using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kiln.TestSupport;

/// <summary>An answer from the server: status and parsed JSON body (an empty object when the body is not JSON).</summary>
public sealed record ApiResponse(HttpStatusCode Status, JsonElement Json, string Text)
{
    public string? ErrorCode => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("error_code", out var code) ? code.GetString() : null;

    public string? Message => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("message", out var message) ? message.GetString() : null;

    public ApiResponse EnsureOk()
    {
        if (Status != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"Expected 200, got {(int)Status}: {Text}");
        }
        return this;
    }
}

/// <summary>Speaks MLflow's REST API the way the MLflow Python client does (JSON bodies, query strings for GET, PATCH/DELETE with bodies).</summary>
public sealed class MlflowTestClient(HttpClient client)
{
    public const string Api = "api/2.0/mlflow/";

    public Task<ApiResponse> PostAsync(string endpoint, object body) => SendAsync(HttpMethod.Post, Api + endpoint, body);

    public Task<ApiResponse> PatchAsync(string endpoint, object body) => SendAsync(HttpMethod.Patch, Api + endpoint, body);

    public Task<ApiResponse> DeleteAsync(string endpoint, object body) => SendAsync(HttpMethod.Delete, Api + endpoint, body);

    public Task<ApiResponse> GetAsync(string endpoint, params (string Key, string Value)[] query)
    {
        var text = string.Join('&', query.Select(q => $"{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(q.Value)}"));
        return SendAsync(HttpMethod.Get, Api + endpoint + (text.Length > 0 ? "?" + text : string.Empty), null);
    }

    public async Task<ApiResponse> SendRawAsync(HttpMethod method, string path, string? body, string contentType = "application/json")
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8);
            request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);
        }
        return await ReadAsync(await client.SendAsync(request));
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = body is JsonNode node ? new StringContent(node.ToJsonString(), Encoding.UTF8, "application/json") : JsonContent.Create(body);
        }
        return await ReadAsync(await client.SendAsync(request));
    }

    public static async Task<ApiResponse> ReadAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var text = await response.Content.ReadAsStringAsync();
            JsonElement json;
            try
            {
                json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                json = default;
            }
            return new ApiResponse(response.StatusCode, json, text);
        }
    }

    public async Task<string> CreateExperimentAsync(string name) =>
        (await PostAsync("experiments/create", new { name })).EnsureOk().Json.GetProperty("experiment_id").GetString()!;

    public async Task<string> CreateRunAsync(string experimentId, string? runName = null)
    {
        var body = new JsonObject { ["experiment_id"] = experimentId, ["start_time"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), ["user_id"] = "tester" };
        if (runName is not null)
        {
            body["run_name"] = runName;
        }
        return (await PostAsync("runs/create", body)).EnsureOk().Json.GetProperty("run").GetProperty("info").GetProperty("run_id").GetString()!;
    }

    /// <summary>Uploads a local folder under a run's artifact root as the MLflow client's log_artifacts does (one PUT per file).</summary>
    public async Task UploadFolderAsync(string artifactUri, string localDirectory, string artifactPath)
    {
        var root = artifactUri["mlflow-artifacts:/".Length..].TrimStart('/');
        foreach (var file in Directory.EnumerateFiles(localDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(localDirectory, file).Replace('\\', '/');
            using var content = new StreamContent(File.OpenRead(file));
            var response = await client.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{root}/{artifactPath}/{relative}", content);
            (await ReadAsync(response)).EnsureOk();
        }
    }

    /// <summary>Logs an MLflow model folder to a new run and registers it, as mlflow.onnx.log_model(..., registered_model_name=...) does.</summary>
    public async Task<(string RunId, JsonElement Version)> LogAndRegisterModelAsync(string modelName, string fixtureDirectory, string experimentId = "0")
    {
        var run = (await PostAsync("runs/create", new { experiment_id = experimentId, start_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })).EnsureOk().Json.GetProperty("run");
        var runId = run.GetProperty("info").GetProperty("run_id").GetString()!;
        var artifactUri = run.GetProperty("info").GetProperty("artifact_uri").GetString()!;
        await UploadFolderAsync(artifactUri, fixtureDirectory, "model");
        var create = await PostAsync("registered-models/create", new { name = modelName });
        if (create.Status != HttpStatusCode.OK && create.ErrorCode != "RESOURCE_ALREADY_EXISTS")
        {
            create.EnsureOk();
        }
        var version = (await PostAsync("model-versions/create", new { name = modelName, source = $"{artifactUri}/model", run_id = runId })).EnsureOk().Json.GetProperty("model_version");
        return (runId, version);
    }
}
