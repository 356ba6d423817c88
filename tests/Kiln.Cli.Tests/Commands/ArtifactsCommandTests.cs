using System.Collections.Concurrent;
using System.Net;
using Kiln.Cli.Tests.Support;
using Kiln.TestSupport;

namespace Kiln.Cli.Tests.Commands;

public sealed class ArtifactsCommandTests : CliTestBase
{
    private const long Mebibyte = 1024 * 1024;

    private async Task<string> NewRunAsync() => (await Client.Runs.CreateAsync()).Info.RunId;

    [Fact]
    public async Task Upload_a_folder_list_it_and_download_it_back()
    {
        var runId = await NewRunAsync();
        using var source = new TempDirectory();
        TestFiles.WriteRandom(source.Combine("weights.bin"), 300_000);
        File.WriteAllText(source.Combine("MLmodel"), "flavors: {}\n");
        TestFiles.WriteRandom(source.Combine("data", "nested", "part-0.parquet"), 12_345);
        File.WriteAllText(source.Combine("data", "empty.txt"), string.Empty);

        var upload = (await Cli.RunAsync("artifacts", "upload", runId, source.Path, "--artifact-path", "model")).EnsureSuccess();
        Assert.StartsWith($"Uploaded 4 file(s), ", upload.Out, StringComparison.Ordinal);
        Assert.Contains($"/{runId}/artifacts/model", upload.Out, StringComparison.Ordinal);

        var root = (await Cli.RunAsync("artifacts", "list", runId)).EnsureSuccess().Out;
        Assert.Contains("model/", root, StringComparison.Ordinal);
        var folder = (await Cli.RunAsync("artifacts", "list", runId, "model", "--json")).EnsureSuccess().Json.GetProperty("files");
        Assert.Equal(["model/MLmodel", "model/data", "model/weights.bin"], folder.EnumerateArray().Select(f => f.GetProperty("path").GetString()));
        Assert.Equal(300_000, folder[2].GetProperty("file_size").GetInt64());
        var recursive = (await Cli.RunAsync("artifacts", "list", runId, "-r", "--json")).EnsureSuccess().Json.GetProperty("files");
        Assert.Equal(["model/MLmodel", "model/data/empty.txt", "model/data/nested/part-0.parquet", "model/weights.bin"],
            recursive.EnumerateArray().Select(f => f.GetProperty("path").GetString()));

        using var destination = new TempDirectory();
        var download = (await Cli.RunAsync("artifacts", "download", runId, "model", "--dest", destination.Path)).EnsureSuccess();
        Assert.StartsWith("Downloaded 4 file(s)", download.Out, StringComparison.Ordinal);
        Assert.Equal(TestFiles.Tree(source.Path), TestFiles.Tree(destination.Path));

        using var single = new TempDirectory();
        var file = (await Cli.RunAsync("artifacts", "download", runId, "model/data/nested/part-0.parquet", "--dest", single.Path, "--json")).EnsureSuccess().Json;
        Assert.Equal(1, file.GetProperty("files").GetInt32());
        Assert.Equal(TestFiles.Hash(source.Combine("data", "nested", "part-0.parquet")), TestFiles.Hash(single.Combine("part-0.parquet")));

        var again = (await Cli.RunAsync("artifacts", "download", runId, "model", "--dest", destination.Path, "--json")).EnsureSuccess().Json;
        Assert.Equal(4, again.GetProperty("files_skipped").GetInt32());
    }

    [Fact]
    public async Task Large_file_goes_up_in_parts_resumes_after_an_interruption_and_downloads_back()
    {
        var runId = await NewRunAsync();
        using var work = new TempDirectory();
        var big = work.Combine("weights.bin");
        TestFiles.WriteRandom(big, 80 * Mebibyte);
        Cli.Variables["KILN_UPLOAD_STATE_DIR"] = work.Combine("state");
        string[] upload = ["artifacts", "upload", runId, big, "--artifact-path", "model", "--multipart-threshold", "8MiB", "--part-size", "8MiB"];

        // First attempt: interrupted (as by Ctrl+C) once four parts are stored.
        using var interrupt = new CancellationTokenSource();
        var requests = new ConcurrentQueue<RecordedRequest>();
        var storedParts = 0;
        Cli.Handler = () => new RecordingHandler(requests, (request, response) =>
        {
            if (IsPartUpload(request) && response.StatusCode == HttpStatusCode.OK && Interlocked.Increment(ref storedParts) == 4)
            {
                interrupt.Cancel();
            }
            return response;
        });
        var interrupted = await Cli.RunAsync(interrupt.Token, upload);
        Assert.Equal(130, interrupted.ExitCode);
        Assert.Contains("Cancelled", interrupted.Error, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(work.Combine("state")));
        Assert.Empty(await Client.Artifacts.ListFilesAsync(runId, "model"));
        var firstAttemptParts = requests.Count(IsPartUpload);

        // Second attempt: asks the server which parts it holds and sends only the rest.
        requests.Clear();
        Cli.Handler = () => new RecordingHandler(requests);
        var resumed = (await Cli.RunAsync([.. upload, "--json"])).EnsureSuccess().Json;
        Assert.Equal(1, resumed.GetProperty("multipart_files").GetInt32());
        var kept = resumed.GetProperty("parts_resumed").GetInt32();
        var sent = resumed.GetProperty("parts_uploaded").GetInt32();
        Assert.InRange(kept, 4, 9);
        Assert.Equal(10, kept + sent);
        Assert.Equal(sent, requests.Count(IsPartUpload));
        Assert.Contains(requests, r => r.Uri.AbsolutePath.Contains("/mpu/list-parts/", StringComparison.Ordinal));
        Assert.DoesNotContain(requests, r => r.Uri.AbsolutePath.Contains("/mpu/create/", StringComparison.Ordinal));
        Assert.True(firstAttemptParts + sent >= 10);
        Assert.Empty(Directory.GetFiles(work.Combine("state")));

        using var destination = new TempDirectory();
        (await Cli.RunAsync("artifacts", "download", runId, "model/weights.bin", "--dest", destination.Path)).EnsureSuccess();
        Assert.Equal(TestFiles.Hash(big), TestFiles.Hash(destination.Combine("weights.bin")));
    }

    [Fact]
    public async Task Interrupted_download_resumes_with_a_range_request()
    {
        var runId = await NewRunAsync();
        using var source = new TempDirectory();
        var file = source.Combine("data.bin");
        TestFiles.WriteRandom(file, 20 * Mebibyte);
        await Client.Artifacts.UploadAsync(runId, file);

        using var destination = new TempDirectory();
        using var interrupt = new CancellationTokenSource();
        Cli.Handler = () => new RecordingHandler(new ConcurrentQueue<RecordedRequest>(), (request, response) =>
        {
            if (request.Method == HttpMethod.Get && request.RequestUri!.AbsolutePath.EndsWith("/data.bin", StringComparison.Ordinal))
            {
                var headers = response.Content.Headers;
                var content = new StreamContent(new InterruptingStream(response.Content.ReadAsStream(), 7 * Mebibyte, interrupt));
                foreach (var header in headers)
                {
                    content.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
                response.Content = content;
            }
            return response;
        });
        var interrupted = await Cli.RunAsync(interrupt.Token, "artifacts", "download", runId, "--dest", destination.Path);
        Assert.Equal(130, interrupted.ExitCode);
        var partial = destination.Combine("data.bin.partial");
        Assert.Equal(7 * Mebibyte, new FileInfo(partial).Length);
        Assert.False(File.Exists(destination.Combine("data.bin")));

        var requests = new ConcurrentQueue<RecordedRequest>();
        Cli.Handler = () => new RecordingHandler(requests);
        var resumed = (await Cli.RunAsync("artifacts", "download", runId, "--dest", destination.Path, "--json")).EnsureSuccess().Json;
        Assert.Equal(1, resumed.GetProperty("files_resumed").GetInt32());
        Assert.Equal($"bytes={7 * Mebibyte}-", requests.Single(r => r.Uri.AbsolutePath.EndsWith("/data.bin", StringComparison.Ordinal)).Range);
        Assert.Equal(TestFiles.Hash(file), TestFiles.Hash(destination.Combine("data.bin")));
        Assert.False(File.Exists(partial));
    }

    [Fact]
    public async Task Bad_input_fails_clearly()
    {
        var runId = await NewRunAsync();
        var missing = await Cli.RunAsync("artifacts", "upload", runId, "/no/such/path");
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error: No file or folder at '/no/such/path'.", missing.Error.Trim());

        using var source = new TempDirectory();
        File.WriteAllText(source.Combine("a.txt"), "a");
        var badSize = await Cli.RunAsync("artifacts", "upload", runId, source.Path, "--part-size", "lots");
        Assert.NotEqual(0, badSize.ExitCode);
        Assert.Contains("'lots' is not a size", badSize.Error, StringComparison.Ordinal);

        var unknownRun = await Cli.RunAsync("artifacts", "list", "ffffffffffffffffffffffffffffffff");
        Assert.Equal(1, unknownRun.ExitCode);
        Assert.StartsWith("Error: RESOURCE_DOES_NOT_EXIST: ", unknownRun.Error, StringComparison.Ordinal);

        using var destination = new TempDirectory();
        var missingArtifact = await Cli.RunAsync("artifacts", "download", runId, "nothing/here.txt", "--dest", destination.Path);
        Assert.Equal(1, missingArtifact.ExitCode);
        Assert.StartsWith("Error: RESOURCE_DOES_NOT_EXIST: ", missingArtifact.Error, StringComparison.Ordinal);
    }

    private static bool IsPartUpload(HttpRequestMessage request) => request.Method == HttpMethod.Put && request.RequestUri!.AbsolutePath.Contains("/mpu/upload-part/", StringComparison.Ordinal);

    private static bool IsPartUpload(RecordedRequest request) => request.Method == HttpMethod.Put && request.Uri.AbsolutePath.Contains("/mpu/upload-part/", StringComparison.Ordinal);
}
