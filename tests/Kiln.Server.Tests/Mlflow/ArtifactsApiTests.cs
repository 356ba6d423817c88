using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Mlflow;

/// <summary>The mlflow-artifacts proxy as the MLflow client uses it: PUT, list, GET (and ranges), DELETE, multipart.</summary>
public abstract class ArtifactsApiTests : ServerTestBase
{
    private const string Artifacts = "api/2.0/mlflow-artifacts/artifacts";

    private async Task<(string RunId, string Root)> NewRunAsync()
    {
        var info = (await Mlflow.PostAsync("runs/create", new { start_time = 1 })).EnsureOk().Json.GetProperty("run").GetProperty("info");
        var uri = info.GetProperty("artifact_uri").GetString()!;
        return (info.GetProperty("run_id").GetString()!, uri["mlflow-artifacts:/".Length..]);
    }

    [Fact]
    public async Task Upload_list_download_and_delete_through_the_proxy()
    {
        var (runId, root) = await NewRunAsync();
        var bytes = RandomNumberGenerator.GetBytes(300_000);
        (await Server.Client.PutAsync($"{Artifacts}/{root}/data/blob.bin", new ByteArrayContent(bytes))).EnsureSuccessStatusCode();
        (await Server.Client.PutAsync($"{Artifacts}/{root}/notes.txt", new StringContent("hello"))).EnsureSuccessStatusCode();

        var listing = (await Mlflow.SendAsync(HttpMethod.Get, $"{Artifacts}?path={root}", null)).EnsureOk().Json.GetProperty("files");
        Assert.Equal(["data", "notes.txt"], listing.EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.True(listing[0].GetProperty("is_dir").GetBoolean());
        Assert.False(listing[0].TryGetProperty("file_size", out _));
        Assert.Equal(5, listing[1].GetProperty("file_size").GetInt64());

        var runListing = (await Mlflow.GetAsync("artifacts/list", ("run_id", runId), ("path", "data"))).EnsureOk().Json;
        Assert.Equal($"mlflow-artifacts:/{root}", runListing.GetProperty("root_uri").GetString());
        Assert.Equal("data/blob.bin", runListing.GetProperty("files")[0].GetProperty("path").GetString());

        using var download = await Server.Client.GetAsync($"{Artifacts}/{root}/data/blob.bin");
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);

        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Artifacts}/{root}/data/blob.bin");
        request.Headers.Range = new RangeHeaderValue(1000, 1999);
        using var partial = await Server.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.PartialContent, partial.StatusCode);
        Assert.Equal(bytes[1000..2000], await partial.Content.ReadAsByteArrayAsync());

        (await Server.Client.DeleteAsync($"{Artifacts}/{root}/data")).EnsureSuccessStatusCode();
        var missing = await Mlflow.SendAsync(HttpMethod.Get, $"{Artifacts}/{root}/data/blob.bin", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", missing.ErrorCode);
    }

    [Theory]
    [InlineData("0/../../etc/passwd")]
    [InlineData("0/%2E%2E/%2E%2E/etc/passwd")]
    [InlineData("0/a%23b")]
    public async Task Path_traversal_is_refused(string path)
    {
        var response = await Mlflow.SendAsync(HttpMethod.Get, $"{Artifacts}/{path}", null);
        Assert.True(response.Status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, response.Text);
        var upload = await Server.Client.PutAsync($"{Artifacts}/{path}", new StringContent("x"));
        Assert.True(upload.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Multipart_upload_as_the_mlflow_client_does_it_and_resumes()
    {
        var (_, root) = await NewRunAsync();
        var bytes = RandomNumberGenerator.GetBytes(12 * 1024 * 1024);
        const int partSize = 5 * 1024 * 1024;
        var parts = (bytes.Length + partSize - 1) / partSize;
        var create = (await Mlflow.SendAsync(HttpMethod.Post, $"api/2.0/mlflow-artifacts/mpu/create/{root}/weights", new { path = "/tmp/local/big.bin", num_parts = parts })).EnsureOk().Json;
        var uploadId = create.GetProperty("upload_id").GetString()!;
        var credentials = create.GetProperty("credentials").EnumerateArray().ToList();
        Assert.Equal(parts, credentials.Count);

        using var anonymous = new HttpClient();
        var completed = new JsonArray();
        for (var i = 0; i < parts; i++)
        {
            var url = credentials[i].GetProperty("url").GetString()!;
            var chunk = bytes.AsMemory(i * partSize, Math.Min(partSize, bytes.Length - (i * partSize))).ToArray();
            using var put = await anonymous.PutAsync(url, new ByteArrayContent(chunk));
            put.EnsureSuccessStatusCode();
            completed.Add(new JsonObject { ["part_number"] = i + 1, ["etag"] = put.Headers.ETag!.ToString(), ["url"] = url });
        }
        var listed = (await Mlflow.SendAsync(HttpMethod.Get, $"api/2.0/mlflow-artifacts/mpu/list-parts/{root}/weights/big.bin?upload_id={Uri.EscapeDataString(uploadId)}", null)).EnsureOk();
        Assert.Equal(parts, listed.Json.GetProperty("parts").GetArrayLength());

        var forged = credentials[0].GetProperty("url").GetString()!.Replace("signature=", "signature=0", StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await anonymous.PutAsync(forged, new ByteArrayContent([1]))).StatusCode);

        (await Mlflow.SendAsync(HttpMethod.Post, $"api/2.0/mlflow-artifacts/mpu/complete/{root}/weights",
            new JsonObject { ["path"] = "/tmp/local/big.bin", ["upload_id"] = uploadId, ["parts"] = completed })).EnsureOk();
        var downloaded = await Server.Client.GetByteArrayAsync($"{Artifacts}/{root}/weights/big.bin");
        Assert.Equal(bytes, downloaded);
    }
}

public sealed class SqliteArtifactsApiTests : ArtifactsApiTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}

/// <summary>The same proxy behaviours with the artifacts in a real S3-compatible server.</summary>
public sealed class S3ArtifactsApiTests(SwiftS3Server s3) : ArtifactsApiTests, IClassFixture<SwiftS3Server>
{
    protected override TestBackend Backend => TestBackend.Postgres;

    protected override IReadOnlyDictionary<string, string?>? Settings { get; } = s3.ServerSettings("server-" + Guid.NewGuid().ToString("N")[..8]);
}
