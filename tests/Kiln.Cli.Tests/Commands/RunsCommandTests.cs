using System.Collections.Concurrent;
using System.Text.Json;
using Kiln.Cli.Tests.Support;
using Kiln.Client;

namespace Kiln.Cli.Tests.Commands;

public sealed class RunsCommandTests : CliTestBase
{
    private async Task<(string ExperimentId, List<string> RunIds)> SeedAsync(int runs = 5)
    {
        var experimentId = await Client.Experiments.CreateAsync("training");
        var ids = new List<string>();
        for (var i = 0; i < runs; i++)
        {
            var run = await Client.Runs.CreateAsync(new NewRun { ExperimentId = experimentId, RunName = $"run-{i}", UserId = "ada", StartTime = 1_700_000_000_000 + i });
            await Client.Runs.LogBatchAsync(run.Info.RunId,
                [new Metric("rmse", 0.5 + (i / 10.0), 1_700_000_000_500, 1), new Metric("rmse", 0.25 + (i / 10.0), 1_700_000_000_600, 2)],
                [new KeyValue("model", "forest"), new KeyValue("depth", $"{i + 3}")],
                [new KeyValue("team", "ml")]);
            ids.Add(run.Info.RunId);
        }
        return (experimentId, ids);
    }

    [Fact]
    public async Task List_shows_an_experiments_runs_by_name_or_id_with_paging_hint()
    {
        var (experimentId, runIds) = await SeedAsync();
        var table = (await Cli.RunAsync("runs", "list", "--experiment", "training")).EnsureSuccess();
        foreach (var id in runIds)
        {
            Assert.Contains(id, table.Out, StringComparison.Ordinal);
        }
        Assert.Contains("run-3", table.Out, StringComparison.Ordinal);
        Assert.Contains("RUNNING", table.Out, StringComparison.Ordinal);

        var json = (await Cli.RunAsync("runs", "list", "-e", experimentId, "--json")).EnsureSuccess().Json;
        Assert.Equal(runIds.Order(), json.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()).Order());

        var page = (await Cli.RunAsync("runs", "list", "-e", "training", "--max-results", "2")).EnsureSuccess();
        Assert.Equal(2, runIds.Count(page.Out.Contains));
        Assert.Contains("More runs match", page.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Show_prints_info_params_latest_metrics_tags_and_inputs()
    {
        var (_, runIds) = await SeedAsync(1);
        var runId = runIds[0];
        await Client.Runs.LogInputsAsync(runId, [new DatasetInput
        {
            Dataset = new Dataset { Name = "iris-train", Digest = "abc123", SourceType = "local", Source = "/data/iris.csv" },
            Tags = [new KeyValue("mlflow.data.context", "training")],
        }]);

        var table = (await Cli.RunAsync("runs", "show", runId)).EnsureSuccess().Out;
        foreach (var expected in new[] { runId, "run-0", "ada", "depth", "forest", "rmse", "0.25", "team", "iris-train", "abc123", "training", "Metrics (latest)" })
        {
            Assert.Contains(expected, table, StringComparison.Ordinal);
        }

        var run = (await Cli.RunAsync("runs", "show", runId, "--json")).EnsureSuccess().Json;
        Assert.Equal(runId, run.GetProperty("info").GetProperty("run_id").GetString());
        var metric = run.GetProperty("data").GetProperty("metrics")[0];
        Assert.Equal(0.25, metric.GetProperty("value").GetDouble());
        Assert.Equal(2, metric.GetProperty("step").GetInt64());
        Assert.Equal(2, run.GetProperty("data").GetProperty("params").GetArrayLength());
        Assert.Equal("iris-train", run.GetProperty("inputs").GetProperty("dataset_inputs")[0].GetProperty("dataset").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Search_passes_filter_and_order_by_through_and_fetches_every_page()
    {
        var (experimentId, runIds) = await SeedAsync();
        var requests = new ConcurrentQueue<RecordedRequest>();
        Cli.Handler = () => new RecordingHandler(requests);

        // Every seeded run satisfies the filter, so the answer is the same whether or not the server applies it.
        var all = (await Cli.RunAsync("runs", "search", "-e", "training", "--filter", "metrics.rmse < 1", "--order-by", "metrics.rmse ASC",
            "--order-by", "params.depth DESC", "--max-results", "2", "--all-pages", "--json")).EnsureSuccess().Json;
        Assert.Equal(runIds.Order(), all.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()).Order());
        Assert.False(all.TryGetProperty("next_page_token", out _));

        var searches = requests.Where(r => r.Uri.AbsolutePath.EndsWith("/runs/search", StringComparison.Ordinal)).Select(r => JsonDocument.Parse(r.Body!).RootElement).ToList();
        Assert.Equal(3, searches.Count);
        Assert.All(searches, body =>
        {
            Assert.Equal("metrics.rmse < 1", body.GetProperty("filter").GetString());
            Assert.Equal(["metrics.rmse ASC", "params.depth DESC"], body.GetProperty("order_by").EnumerateArray().Select(o => o.GetString()));
            Assert.Equal([experimentId], body.GetProperty("experiment_ids").EnumerateArray().Select(o => o.GetString()));
        });

        var first = (await Cli.RunAsync("runs", "search", "-e", experimentId, "-n", "2", "--json")).EnsureSuccess().Json;
        Assert.Equal(2, first.GetProperty("runs").GetArrayLength());
        var token = first.GetProperty("next_page_token").GetString()!;
        var second = (await Cli.RunAsync("runs", "search", "-e", experimentId, "-n", "2", "--page-token", token, "--json")).EnsureSuccess().Json;
        Assert.Equal(2, second.GetProperty("runs").GetArrayLength());

        var table = (await Cli.RunAsync("runs", "search", "-e", "training", "--all-pages")).EnsureSuccess().Out;
        Assert.Contains("rmse", table, StringComparison.Ordinal);
        Assert.All(runIds, id => Assert.Contains(id, table, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Delete_and_restore_a_run()
    {
        var (_, runIds) = await SeedAsync(1);
        Assert.Equal($"Deleted run {runIds[0]}.", (await Cli.RunAsync("runs", "delete", runIds[0])).EnsureSuccess().Out.Trim());
        Assert.Equal("deleted", (await Client.Runs.GetAsync(runIds[0])).Info.LifecycleStage);
        Assert.DoesNotContain(runIds[0], (await Cli.RunAsync("runs", "list", "-e", "training")).Out, StringComparison.Ordinal);
        Assert.Contains(runIds[0], (await Cli.RunAsync("runs", "list", "-e", "training", "--deleted")).Out, StringComparison.Ordinal);

        var restored = (await Cli.RunAsync("runs", "restore", runIds[0], "--json")).EnsureSuccess().Json;
        Assert.Equal("active", restored.GetProperty("info").GetProperty("lifecycle_stage").GetString());
    }

    [Fact]
    public async Task Unknown_run_exits_non_zero_with_the_servers_message()
    {
        var result = await Cli.RunAsync("runs", "show", "0123456789abcdef0123456789abcdef");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: RESOURCE_DOES_NOT_EXIST: Run with id=0123456789abcdef0123456789abcdef not found", result.Error.Trim());
        Assert.Empty(result.Out);

        var deleteMissing = await Cli.RunAsync("runs", "delete", "nope", "--json");
        Assert.Equal(1, deleteMissing.ExitCode);
        Assert.Contains("RESOURCE_DOES_NOT_EXIST", deleteMissing.Error, StringComparison.Ordinal);
    }
}
