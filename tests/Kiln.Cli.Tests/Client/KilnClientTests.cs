using System.Net;
using Kiln.Cli.Tests.Support;
using Kiln.Client;
using Kiln.TestSupport;

namespace Kiln.Cli.Tests.Client;

/// <summary>The typed client against a real server: paging, errors in both formats, logging, resumable transfers.</summary>
public sealed class KilnClientTests : CliTestBase
{
    private const long Mebibyte = 1024 * 1024;

    [Fact]
    public async Task Metric_history_pages_and_every_point_comes_back()
    {
        var runId = (await Client.Runs.CreateAsync()).Info.RunId;
        var points = Enumerable.Range(0, 250).Select(i => new Metric("loss", 1.0 / (i + 1), 1_000 + i, i)).ToList();
        foreach (var batch in points.Chunk(100))
        {
            await Client.Runs.LogBatchAsync(runId, batch);
        }
        await Client.Runs.LogMetricAsync(runId, "loss", double.NaN, 5_000, 250);

        var first = await Client.Runs.GetMetricHistoryAsync(runId, "loss", maxResults: 100);
        Assert.Equal(100, first.Items.Count);
        Assert.NotNull(first.NextPageToken);
        var all = await Client.Runs.GetAllMetricHistoryAsync(runId, "loss", pageSize: 100).ToListAsync();
        Assert.Equal(251, all.Count);
        Assert.Equal(Enumerable.Range(0, 251).Select(i => (long)i), all.Select(m => m.Step).Order());
        Assert.True(double.IsNaN(all.Single(m => m.Step == 250).Value));

        var run = await Client.Runs.GetAsync(runId);
        Assert.True(double.IsNaN(Assert.Single(run.Data.Metrics).Value));
    }

    [Fact]
    public async Task Searches_page_through_experiments_and_runs()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await Client.Experiments.CreateAsync($"exp-{i}"));
        }
        var experiments = await Client.Experiments.SearchAllAsync(new ExperimentSearch { MaxResults = 2 }).ToListAsync();
        Assert.Equal([.. ids.Append("0").Order(StringComparer.Ordinal)], experiments.Select(e => e.ExperimentId).Order(StringComparer.Ordinal));

        for (var i = 0; i < 7; i++)
        {
            await Client.Runs.CreateAsync(new NewRun { ExperimentId = ids[0], RunName = $"r{i}" });
        }
        var page = await Client.Runs.SearchAsync(new RunSearch { ExperimentIds = [ids[0]], MaxResults = 3 });
        Assert.Equal(3, page.Items.Count);
        Assert.NotNull(page.NextPageToken);
        Assert.Equal(7, await Client.Runs.SearchAllAsync(new RunSearch { ExperimentIds = [ids[0]], MaxResults = 3 }).CountAsync());
        Assert.Equal("exp-3", (await Client.Experiments.FindAsync("exp-3")).Name);
        Assert.Equal("exp-3", (await Client.Experiments.FindAsync(ids[3])).Name);
    }

    [Fact]
    public async Task Errors_carry_status_code_and_message_from_mlflow_and_kiln_apis()
    {
        var mlflow = await Assert.ThrowsAsync<KilnApiException>(() => Client.Runs.GetAsync("missing"));
        Assert.Equal(HttpStatusCode.NotFound, mlflow.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", mlflow.ErrorCode);
        Assert.Equal("Run with id=missing not found", mlflow.ServerMessage);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST: Run with id=missing not found", mlflow.Message);

        var problem = await Assert.ThrowsAsync<KilnApiException>(() => Client.Management.GetLineageAsync("ghost", "1"));
        Assert.Equal(HttpStatusCode.NotFound, problem.StatusCode);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", problem.ErrorCode);
        Assert.Contains("ghost", problem.ServerMessage, StringComparison.Ordinal);

        var invalid = await Assert.ThrowsAsync<KilnApiException>(() => Client.Runs.LogBatchAsync("missing", [new Metric("", 1, 1)]));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        using var nowhere = new KilnClient(new Uri($"http://127.0.0.1:{FreePort.Next()}"));
        var refused = await Assert.ThrowsAsync<KilnConnectionException>(() => nowhere.Experiments.GetAsync("0"));
        Assert.Contains("Connection refused", refused.Message, StringComparison.Ordinal);
        Assert.False(await nowhere.IsHealthyAsync());
        Assert.True(await Client.IsHealthyAsync());
        Assert.Matches(@"^\d+\.\d+\.\d+", await Client.GetServerVersionAsync());
    }

    [Fact]
    public async Task Interrupted_multipart_upload_resumes_and_a_changed_file_starts_over()
    {
        var runId = (await Client.Runs.CreateAsync()).Info.RunId;
        using var work = new TempDirectory();
        var file = work.Combine("big.bin");
        TestFiles.WriteRandom(file, 24 * Mebibyte);
        using var interrupt = new CancellationTokenSource();
        var options = new ArtifactUploadOptions
        {
            MultipartThreshold = 4 * Mebibyte,
            PartSize = 4 * Mebibyte,
            MaxConcurrentParts = 2,
            StateDirectory = work.Combine("state"),
            Progress = new Reporter(p =>
            {
                if (p.BytesDone >= p.TotalBytes / 2)
                {
                    interrupt.Cancel();
                }
            }),
        };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.Artifacts.UploadAsync(runId, file, "weights", options, interrupt.Token));

        var resumed = await Client.Artifacts.UploadAsync(runId, file, "weights", options with { Progress = null });
        Assert.InRange(resumed.PartsResumed, 1, 5);
        Assert.Equal(6, resumed.PartsResumed + resumed.PartsUploaded);
        Assert.Equal(24 * Mebibyte, resumed.Bytes);
        await AssertDownloadMatchesAsync(runId, "weights/big.bin", file);

        // The same file changed after an interruption: nothing of the old upload may be reused.
        using var again = new CancellationTokenSource();
        var interrupted = options with { Progress = new Reporter(p => { if (p.BytesDone >= 10 * Mebibyte) { again.Cancel(); } }) };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Client.Artifacts.UploadAsync(runId, file, "weights", interrupted, again.Token));
        TestFiles.WriteRandom(file, 24 * Mebibyte);
        var fresh = await Client.Artifacts.UploadAsync(runId, file, "weights", options with { Progress = null });
        Assert.Equal(0, fresh.PartsResumed);
        await AssertDownloadMatchesAsync(runId, "weights/big.bin", file);
    }

    [Fact]
    public async Task Small_files_go_up_in_one_put_with_progress()
    {
        var runId = (await Client.Runs.CreateAsync()).Info.RunId;
        using var work = new TempDirectory();
        TestFiles.WriteRandom(work.Combine("a.bin"), 1_000_000);
        TestFiles.WriteRandom(work.Combine("sub", "b.bin"), 10);
        var reports = new List<TransferProgress>();
        var result = await Client.Artifacts.UploadAsync(runId, work.Path, null, new ArtifactUploadOptions { Progress = new Reporter(reports.Add) });
        Assert.Equal((2, 1_000_010L, 0), (result.Files, result.Bytes, result.MultipartFiles));
        Assert.Equal(new TransferProgress("sub/b.bin", 1_000_010, 1_000_010, 2, 2), reports[^1]);
        Assert.Equal(["a.bin", "sub/b.bin"], (await Client.Artifacts.ListFilesAsync(runId)).Select(f => f.Path));
    }

    private async Task AssertDownloadMatchesAsync(string runId, string path, string original)
    {
        using var destination = new TempDirectory();
        await Client.Artifacts.DownloadAsync(runId, path, destination.Path);
        Assert.Equal(TestFiles.Hash(original), TestFiles.Hash(Path.Combine(destination.Path, Path.GetFileName(path))));
    }

    /// <summary>Reports synchronously (Progress&lt;T&gt; would post to the thread pool).</summary>
    private sealed class Reporter(Action<TransferProgress> report) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (this)
            {
                report(value);
            }
        }
    }
}
