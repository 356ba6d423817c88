using Kiln.Core;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;

namespace Kiln.Storage.Tests.Tracking;

public abstract class TrackingStoreTests : StoreTestBase
{
    private static readonly CancellationToken None = CancellationToken.None;

    private async Task<string> NewRunAsync(long experimentId = 0, string? name = null, long startTime = 1000)
    {
        var id = Ids.NewRunId();
        await Tracking.CreateRunAsync(new NewRun(experimentId, id, name ?? "run-" + id[..6], "alice", startTime, RunStatus.Running, []), None);
        return id;
    }

    [Fact]
    public async Task Default_experiment_exists_with_id_zero()
    {
        var experiment = await Tracking.GetExperimentAsync(0, None);
        Assert.NotNull(experiment);
        Assert.Equal("Default", experiment.Name);
        Assert.Equal(LifecycleStage.Active, experiment.LifecycleStage);
    }

    [Fact]
    public async Task Created_experiments_get_increasing_ids_default_locations_and_tags()
    {
        var first = await Tracking.CreateExperimentAsync("first", null, [new KeyValue("team", "ml")], id => $"mlflow-artifacts:/{id}", None);
        var second = await Tracking.CreateExperimentAsync("second", "s3://bucket/custom", [], id => $"mlflow-artifacts:/{id}", None);
        Assert.True(second > first && first > 0);
        var loaded = await Tracking.GetExperimentByNameAsync("first", None);
        Assert.Equal($"mlflow-artifacts:/{first}", loaded!.ArtifactLocation);
        Assert.Equal([new KeyValue("team", "ml")], loaded.Tags);
        Assert.Equal("s3://bucket/custom", (await Tracking.GetExperimentAsync(second, None))!.ArtifactLocation);
    }

    [Fact]
    public async Task Duplicate_experiment_name_is_rejected_and_changes_nothing()
    {
        await Tracking.CreateExperimentAsync("dup", null, [], id => $"x/{id}", None);
        var error = await Assert.ThrowsAsync<KilnException>(() => Tracking.CreateExperimentAsync("dup", null, [], id => $"x/{id}", None));
        Assert.Equal(ErrorCode.ResourceAlreadyExists, error.Code);
        var page = await Tracking.SearchExperimentsAsync(new ExperimentSearchQuery([], ViewType.All, 100, [], 0), None);
        Assert.Equal(2, page.Items.Count);
    }

    [Fact]
    public async Task Deleting_an_experiment_deletes_its_runs_and_restoring_brings_back_only_those()
    {
        var experiment = await Tracking.CreateExperimentAsync("lifecycle", null, [], id => $"x/{id}", None);
        var deletedEarlier = await NewRunAsync(experiment);
        await Tracking.DeleteRunAsync(deletedEarlier, None);
        await Task.Delay(5);
        var active = await NewRunAsync(experiment);
        await Tracking.DeleteExperimentAsync(experiment, None);
        Assert.Equal(LifecycleStage.Deleted, (await Tracking.GetRunAsync(active, None))!.Info.LifecycleStage);
        var error = await Assert.ThrowsAsync<KilnException>(() => NewRunAsync(experiment));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);

        await Tracking.RestoreExperimentAsync(experiment, None);
        Assert.Equal(LifecycleStage.Active, (await Tracking.GetRunAsync(active, None))!.Info.LifecycleStage);
        Assert.Equal(LifecycleStage.Deleted, (await Tracking.GetRunAsync(deletedEarlier, None))!.Info.LifecycleStage);
    }

    [Fact]
    public async Task Run_gets_artifact_uri_under_its_experiment()
    {
        var experiment = await Tracking.CreateExperimentAsync("art", null, [], id => $"mlflow-artifacts:/{id}", None);
        var run = await NewRunAsync(experiment);
        var loaded = await Tracking.GetRunAsync(run, None);
        Assert.Equal($"mlflow-artifacts:/{experiment}/{run}/artifacts", loaded!.Info.ArtifactUri);
    }

    [Fact]
    public async Task Log_batch_stores_params_tags_and_latest_metrics()
    {
        var run = await NewRunAsync();
        await Tracking.LogBatchAsync(run,
            [new Metric("loss", 0.9, 10, 0), new Metric("loss", 0.5, 20, 1), new Metric("loss", 0.7, 5, 1), new Metric("acc", 0.8, 10, 0)],
            [new KeyValue("lr", "0.01")],
            [new KeyValue("team", "a"), new KeyValue("team", "b")], None);
        var loaded = (await Tracking.GetRunAsync(run, None))!;
        Assert.Equal([new KeyValue("lr", "0.01")], loaded.Params);
        Assert.Contains(new KeyValue("team", "b"), loaded.Tags);
        var loss = Assert.Single(loaded.Metrics, m => m.Key == "loss");
        Assert.Equal(new Metric("loss", 0.5, 20, 1), loss);
    }

    [Fact]
    public async Task Latest_metric_is_greatest_step_then_timestamp_then_value_across_calls()
    {
        var run = await NewRunAsync();
        await Tracking.LogBatchAsync(run, [new Metric("m", 1, 100, 5)], [], [], None);
        await Tracking.LogBatchAsync(run, [new Metric("m", 2, 200, 4)], [], [], None);
        Assert.Equal(1, (await Tracking.GetRunAsync(run, None))!.Metrics.Single().Value);
        await Tracking.LogBatchAsync(run, [new Metric("m", 3, 100, 5)], [], [], None);
        Assert.Equal(3, (await Tracking.GetRunAsync(run, None))!.Metrics.Single().Value);
        await Tracking.LogBatchAsync(run, [new Metric("m", double.NaN, 300, 6)], [], [], None);
        Assert.True(double.IsNaN((await Tracking.GetRunAsync(run, None))!.Metrics.Single().Value));
    }

    [Fact]
    public async Task Changing_a_param_fails_and_keeps_the_whole_batch_out()
    {
        var run = await NewRunAsync();
        await Tracking.LogBatchAsync(run, [], [new KeyValue("p", "1")], [], None);
        await Tracking.LogBatchAsync(run, [], [new KeyValue("p", "1")], [], None);
        var error = await Assert.ThrowsAnyAsync<KilnException>(() =>
            Tracking.LogBatchAsync(run, [new Metric("m", 1, 1, 0)], [new KeyValue("q", "x"), new KeyValue("p", "2")], [], None));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Equal($"Changing param values is not allowed. Params were already logged='[{{'key': 'p', 'old_value': '1', 'new_value': '2'}}]' for run ID='{run}'.", error.Message);
        var loaded = (await Tracking.GetRunAsync(run, None))!;
        Assert.Equal([new KeyValue("p", "1")], loaded.Params);
        Assert.Empty(loaded.Metrics);
    }

    [Fact]
    public async Task Logging_to_a_deleted_or_missing_run_fails()
    {
        var run = await NewRunAsync();
        await Tracking.DeleteRunAsync(run, None);
        var deleted = await Assert.ThrowsAsync<KilnException>(() => Tracking.LogBatchAsync(run, [new Metric("m", 1, 1, 0)], [], [], None));
        Assert.Equal(ErrorCode.InvalidParameterValue, deleted.Code);
        var missing = await Assert.ThrowsAsync<KilnException>(() => Tracking.LogBatchAsync(Ids.NewRunId(), [new Metric("m", 1, 1, 0)], [], [], None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, missing.Code);
    }

    [Fact]
    public async Task Metric_history_keeps_every_point_in_logging_order_and_pages()
    {
        var run = await NewRunAsync();
        for (var i = 0; i < 50; i++)
        {
            await Tracking.LogBatchAsync(run, [new Metric("loss", i, 1000 + i, i)], [], [], None);
        }
        await Tracking.LogBatchAsync(run, Enumerable.Range(50, 2000).Select(i => new Metric("loss", i, 1000 + i, i)).ToList(), [], [], None);
        var all = new List<Metric>();
        string? token = null;
        do
        {
            var page = await Tracking.GetMetricHistoryAsync(new MetricHistoryQuery(run, "loss", 300, PageToken.Decode(token)), None);
            all.AddRange(page.Items);
            token = page.NextPageToken;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 2050).Select(i => (double)i), all.Select(m => m.Value));
        Assert.Equal(Enumerable.Range(0, 2050).Select(i => (long)i), all.Select(m => m.Step));
    }

    [Fact]
    public async Task Twenty_concurrent_loggers_to_one_run_lose_nothing()
    {
        var run = await NewRunAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, 20), new ParallelOptions { MaxDegreeOfParallelism = 20 }, async (client, ct) =>
        {
            for (var i = 0; i < 25; i++)
            {
                await Tracking.LogBatchAsync(run, [new Metric($"client{client}", i, i, i), new Metric("shared", i, i, (client * 100) + i)], [], [], ct);
            }
        });
        var shared = await Tracking.GetMetricHistoryAsync(new MetricHistoryQuery(run, "shared", 100_000, 0), None);
        Assert.Equal(500, shared.Items.Count);
        for (var client = 0; client < 20; client++)
        {
            var history = await Tracking.GetMetricHistoryAsync(new MetricHistoryQuery(run, $"client{client}", 100_000, 0), None);
            Assert.Equal(25, history.Items.Count);
        }
    }

    [Fact]
    public async Task Search_filters_on_metrics_params_tags_and_attributes_and_orders()
    {
        var experiment = await Tracking.CreateExperimentAsync("search", null, [], id => $"x/{id}", None);
        var runs = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var run = await NewRunAsync(experiment, $"run{i}", startTime: 1000 + i);
            await Tracking.LogBatchAsync(run, [new Metric("rmse", i / 10.0, 1, 0)], [new KeyValue("model", i % 2 == 0 ? "lr" : "rf")], [new KeyValue("note", $"Tag {i}")], None);
            runs.Add(run);
        }
        RunSearchQuery Query(params FilterClause[] filter) => new([experiment], filter, ViewType.ActiveOnly, 100, [], 0);

        var lowRmseLr = await Tracking.SearchRunsAsync(Query(
            new FilterClause(FilterEntity.Metric, "rmse", Comparator.Less, FilterValue.Of(0.5)),
            new FilterClause(FilterEntity.Param, "model", Comparator.Equal, FilterValue.Of("lr"))), None);
        Assert.Equal(new[] { runs[4], runs[2], runs[0] }, lowRmseLr.Items.Select(r => r.Info.RunId));

        var like = await Tracking.SearchRunsAsync(Query(new FilterClause(FilterEntity.Tag, "note", Comparator.Like, FilterValue.Of("tag%"))), None);
        Assert.Empty(like.Items);
        var ilike = await Tracking.SearchRunsAsync(Query(new FilterClause(FilterEntity.Tag, "note", Comparator.ILike, FilterValue.Of("tag%"))), None);
        Assert.Equal(10, ilike.Items.Count);

        var byName = await Tracking.SearchRunsAsync(Query(new FilterClause(FilterEntity.Attribute, "run_name", Comparator.In, FilterValue.Of(["run3", "run7"]))), None);
        Assert.Equal(new[] { runs[7], runs[3] }, byName.Items.Select(r => r.Info.RunId));

        var ordered = await Tracking.SearchRunsAsync(new RunSearchQuery([experiment], [], ViewType.ActiveOnly, 3, [new OrderByClause(FilterEntity.Metric, "rmse", true)], 0), None);
        Assert.Equal(new[] { runs[0], runs[1], runs[2] }, ordered.Items.Select(r => r.Info.RunId));
        Assert.NotNull(ordered.NextPageToken);
        var nextPage = await Tracking.SearchRunsAsync(new RunSearchQuery([experiment], [], ViewType.ActiveOnly, 3, [new OrderByClause(FilterEntity.Metric, "rmse", true)], PageToken.Decode(ordered.NextPageToken)), None);
        Assert.Equal(new[] { runs[3], runs[4], runs[5] }, nextPage.Items.Select(r => r.Info.RunId));
        Assert.Equal("lr", nextPage.Items[1].Params.Single().Value);
    }

    [Fact]
    public async Task Dataset_inputs_are_deduplicated_per_experiment_and_kept_in_order()
    {
        var run = await NewRunAsync();
        var dataset = new Dataset("train", "abc123", "local", "{\"uri\":\"/data\"}", "{}", null);
        await Tracking.LogInputsAsync(run, [new DatasetInput(dataset, [new KeyValue("mlflow.data.context", "training")])], None);
        await Tracking.LogInputsAsync(run, [new DatasetInput(dataset, [new KeyValue("mlflow.data.context", "training")]), new DatasetInput(dataset with { Name = "eval" }, [])], None);
        var loaded = (await Tracking.GetRunAsync(run, None))!;
        Assert.Equal(["train", "eval"], loaded.Inputs.Select(i => i.Dataset.Name));
        Assert.Equal("training", loaded.Inputs[0].Tags.Single().Value);
    }

    [Fact]
    public async Task Purge_removes_runs_deleted_before_the_cutoff_with_their_data()
    {
        var keep = await NewRunAsync();
        var purge = await NewRunAsync();
        await Tracking.LogBatchAsync(purge, [new Metric("m", 1, 1, 0)], [new KeyValue("p", "v")], [], None);
        await Tracking.DeleteRunAsync(purge, None);
        var result = await Tracking.PurgeDeletedAsync(DateTimeOffset.UtcNow.AddMinutes(1).ToUnixTimeMilliseconds(), null, None);
        Assert.Equal([purge], result.Runs.Select(r => r.RunId));
        Assert.Null(await Tracking.GetRunAsync(purge, None));
        Assert.NotNull(await Tracking.GetRunAsync(keep, None));
    }
}

public sealed class SqliteTrackingStoreTests : TrackingStoreTests
{
    protected override Task<string> BackendStoreAsync() => SqliteStoreAsync();
}

public sealed class PostgresTrackingStoreTests : TrackingStoreTests
{
    protected override Task<string> BackendStoreAsync() => PostgresStoreAsync();
}
