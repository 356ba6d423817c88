using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Mlflow;

/// <summary>MLflow tracking API conformance: the requests the MLflow Python client sends, and the answers it expects.</summary>
public abstract class TrackingApiTests : ServerTestBase
{
    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Set_experiment_flow_get_by_name_misses_with_resource_does_not_exist_then_creates()
    {
        var miss = await Mlflow.GetAsync("experiments/get-by-name", ("experiment_name", "iris"));
        Assert.Equal(HttpStatusCode.NotFound, miss.Status);
        Assert.Equal("RESOURCE_DOES_NOT_EXIST", miss.ErrorCode);
        Assert.Equal("Could not find experiment with name 'iris'", miss.Message);

        var id = await Mlflow.CreateExperimentAsync("iris");
        var got = (await Mlflow.GetAsync("experiments/get", ("experiment_id", id))).EnsureOk().Json.GetProperty("experiment");
        Assert.Equal(id, got.GetProperty("experiment_id").GetString());
        Assert.Equal("iris", got.GetProperty("name").GetString());
        Assert.Equal($"mlflow-artifacts:/{id}", got.GetProperty("artifact_location").GetString());
        Assert.Equal("active", got.GetProperty("lifecycle_stage").GetString());
        Assert.True(got.GetProperty("creation_time").GetInt64() > 0);

        var again = await Mlflow.PostAsync("experiments/create", new { name = "iris" });
        Assert.Equal(HttpStatusCode.BadRequest, again.Status);
        Assert.Equal("RESOURCE_ALREADY_EXISTS", again.ErrorCode);
    }

    [Fact]
    public async Task Default_experiment_is_zero_and_runs_without_experiment_land_there()
    {
        var run = (await Mlflow.PostAsync("runs/create", new { start_time = Now })).EnsureOk().Json.GetProperty("run");
        Assert.Equal("0", run.GetProperty("info").GetProperty("experiment_id").GetString());
        var experiment = (await Mlflow.GetAsync("experiments/get", ("experiment_id", "0"))).EnsureOk().Json.GetProperty("experiment");
        Assert.Equal("Default", experiment.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Run_create_returns_the_run_with_generated_name_tag_and_proxied_artifact_uri()
    {
        var experiment = await Mlflow.CreateExperimentAsync("runs");
        var body = new JsonObject
        {
            ["experiment_id"] = experiment,
            ["user_id"] = "alice",
            ["start_time"] = 1728560000000,
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "mlflow.user", ["value"] = "alice" }, new JsonObject { ["key"] = "mlflow.source.git.commit", ["value"] = "abc123" }),
        };
        var run = (await Mlflow.PostAsync("runs/create", body)).EnsureOk().Json.GetProperty("run");
        var info = run.GetProperty("info");
        var runId = info.GetProperty("run_id").GetString()!;
        Assert.Equal(32, runId.Length);
        Assert.Equal(runId, info.GetProperty("run_uuid").GetString());
        Assert.Equal("RUNNING", info.GetProperty("status").GetString());
        Assert.Equal(1728560000000, info.GetProperty("start_time").GetInt64());
        Assert.Equal($"mlflow-artifacts:/{experiment}/{runId}/artifacts", info.GetProperty("artifact_uri").GetString());
        Assert.False(info.TryGetProperty("end_time", out _));
        var name = info.GetProperty("run_name").GetString()!;
        Assert.Matches("^[a-z]+-[a-z]+-[0-9]+$", name);
        var tags = run.GetProperty("data").GetProperty("tags").EnumerateArray().ToDictionary(t => t.GetProperty("key").GetString()!, t => t.GetProperty("value").GetString());
        Assert.Equal(name, tags["mlflow.runName"]);
        Assert.Equal("abc123", tags["mlflow.source.git.commit"]);
        Assert.Equal(JsonValueKind.Object, run.GetProperty("inputs").ValueKind);
    }

    [Fact]
    public async Task Run_name_argument_and_conflicting_tag_are_rejected()
    {
        var response = await Mlflow.PostAsync("runs/create", new JsonObject
        {
            ["run_name"] = "a",
            ["tags"] = new JsonArray(new JsonObject { ["key"] = "mlflow.runName", ["value"] = "b" }),
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal("Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='a', mlflow.runName='b').", response.Message);
    }

    [Fact]
    public async Task Logging_metrics_params_and_tags_shows_up_in_get_run_with_latest_values()
    {
        var run = await Mlflow.CreateRunAsync("0", "logging");
        (await Mlflow.PostAsync("runs/log-metric", new { run_id = run, run_uuid = run, key = "loss", value = 0.5, timestamp = 100, step = 1 })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-metric", new { run_id = run, key = "loss", value = 0.25, timestamp = "200", step = "2" })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-metric", new { run_id = run, key = "nan", value = "NaN", timestamp = 1 })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-parameter", new { run_id = run, key = "lr", value = "0.01" })).EnsureOk();
        (await Mlflow.PostAsync("runs/set-tag", new { run_id = run, key = "team", value = "vision" })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-batch", new
        {
            run_id = run,
            metrics = new[] { new { key = "acc", value = 0.9, timestamp = 300, step = 3 } },
            @params = new[] { new { key = "depth", value = "4" } },
            tags = new[] { new { key = "team", value = "nlp" } },
        })).EnsureOk();

        var data = (await Mlflow.GetAsync("runs/get", ("run_id", run))).EnsureOk().Json.GetProperty("run").GetProperty("data");
        var metrics = data.GetProperty("metrics").EnumerateArray().ToDictionary(m => m.GetProperty("key").GetString()!);
        Assert.Equal(0.25, metrics["loss"].GetProperty("value").GetDouble());
        Assert.Equal(2, metrics["loss"].GetProperty("step").GetInt64());
        Assert.Equal("NaN", metrics["nan"].GetProperty("value").GetString());
        var parameters = data.GetProperty("params").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("0.01", parameters["lr"]);
        Assert.Equal("4", parameters["depth"]);
        var tags = data.GetProperty("tags").EnumerateArray().ToDictionary(p => p.GetProperty("key").GetString()!, p => p.GetProperty("value").GetString());
        Assert.Equal("nlp", tags["team"]);
    }

    [Fact]
    public async Task Param_change_is_refused_with_mlflows_message()
    {
        var run = await Mlflow.CreateRunAsync("0");
        (await Mlflow.PostAsync("runs/log-parameter", new { run_id = run, key = "lr", value = "0.1" })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-parameter", new { run_id = run, key = "lr", value = "0.1" })).EnsureOk();
        var changed = await Mlflow.PostAsync("runs/log-parameter", new { run_id = run, key = "lr", value = "0.2" });
        Assert.Equal(HttpStatusCode.BadRequest, changed.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", changed.ErrorCode);
        Assert.Equal($"Changing param values is not allowed. Param with key='lr' was already logged with value='0.1' for run ID='{run}'. Attempted logging new value '0.2'.", changed.Message);
    }

    [Fact]
    public async Task Update_run_sets_status_end_time_and_name()
    {
        var run = await Mlflow.CreateRunAsync("0", "before");
        var info = (await Mlflow.PostAsync("runs/update", new { run_id = run, run_uuid = run, status = "FINISHED", end_time = 5000, run_name = "after" })).EnsureOk().Json.GetProperty("run_info");
        Assert.Equal("FINISHED", info.GetProperty("status").GetString());
        Assert.Equal(5000, info.GetProperty("end_time").GetInt64());
        Assert.Equal("after", info.GetProperty("run_name").GetString());
        var tags = (await Mlflow.GetAsync("runs/get", ("run_id", run))).Json.GetProperty("run").GetProperty("data").GetProperty("tags");
        Assert.Contains(tags.EnumerateArray(), t => t.GetProperty("key").GetString() == "mlflow.runName" && t.GetProperty("value").GetString() == "after");
    }

    [Fact]
    public async Task Metric_history_returns_every_point_and_pages_with_tokens()
    {
        var run = await Mlflow.CreateRunAsync("0");
        var metrics = Enumerable.Range(0, 1000).Select(i => new { key = "loss", value = 1.0 / (i + 1), timestamp = 1000L + i, step = (long)i }).ToArray();
        (await Mlflow.PostAsync("runs/log-batch", new { run_id = run, metrics })).EnsureOk();
        var all = (await Mlflow.GetAsync("metrics/get-history", ("run_id", run), ("metric_key", "loss"))).EnsureOk().Json;
        Assert.Equal(1000, all.GetProperty("metrics").GetArrayLength());
        Assert.False(all.TryGetProperty("next_page_token", out _));

        var steps = new List<long>();
        string? token = null;
        do
        {
            var query = new List<(string, string)> { ("run_id", run), ("metric_key", "loss"), ("max_results", "300") };
            if (token is not null)
            {
                query.Add(("page_token", token));
            }
            var page = (await Mlflow.GetAsync("metrics/get-history", [.. query])).EnsureOk().Json;
            steps.AddRange(page.GetProperty("metrics").EnumerateArray().Select(m => m.GetProperty("step").GetInt64()));
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), steps);

        var unknown = (await Mlflow.GetAsync("metrics/get-history", ("run_id", run), ("metric_key", "nope"))).EnsureOk();
        Assert.Equal("{}", unknown.Text);
    }

    [Fact]
    public async Task Search_runs_filters_orders_and_pages_like_mlflow()
    {
        var experiment = await Mlflow.CreateExperimentAsync("search");
        var runs = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var run = await Mlflow.CreateRunAsync(experiment, $"run-{i}");
            (await Mlflow.PostAsync("runs/log-batch", new
            {
                run_id = run,
                metrics = new[] { new { key = "rmse", value = i * 0.1, timestamp = Now, step = 0L } },
                @params = new[] { new { key = "model", value = i % 2 == 0 ? "lr" : "rf" } },
                tags = new[] { new { key = "my tag", value = $"x{i}" } },
            })).EnsureOk();
            runs.Add(run);
        }
        var filtered = (await Mlflow.PostAsync("runs/search", new
        {
            experiment_ids = new[] { experiment },
            filter = "metrics.rmse < 0.35 and params.model = 'lr' and tags.\"my tag\" LIKE 'x%'",
            run_view_type = "ACTIVE_ONLY",
            max_results = 1000,
            order_by = new[] { "metrics.rmse DESC" },
        })).EnsureOk().Json.GetProperty("runs");
        Assert.Equal(new[] { runs[2], runs[0] }, filtered.EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_id").GetString()));

        var first = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experiment }, max_results = 4, order_by = new[] { "attributes.run_name ASC" } })).EnsureOk().Json;
        Assert.Equal(4, first.GetProperty("runs").GetArrayLength());
        var token = first.GetProperty("next_page_token").GetString();
        var second = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experiment }, max_results = 4, order_by = new[] { "attributes.run_name ASC" }, page_token = token })).EnsureOk().Json;
        Assert.Equal(new[] { "run-4", "run-5" }, second.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("info").GetProperty("run_name").GetString()));

        var none = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experiment }, filter = "params.model = 'xgb'" })).EnsureOk();
        Assert.Equal("{}", none.Text);

        var bad = await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experiment }, filter = "metrics.rmse < 1 OR params.a = 'b'" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.Status);
        Assert.Equal("INVALID_PARAMETER_VALUE", bad.ErrorCode);
    }

    [Fact]
    public async Task Search_experiments_by_name_and_tags()
    {
        var a = await Mlflow.CreateExperimentAsync("prod-churn");
        await Mlflow.CreateExperimentAsync("dev-churn");
        (await Mlflow.PostAsync("experiments/set-experiment-tag", new { experiment_id = a, key = "team", value = "ml" })).EnsureOk();
        var found = (await Mlflow.PostAsync("experiments/search", new { max_results = 10, filter = "name LIKE 'prod%' and tags.team = 'ml'" })).EnsureOk().Json;
        Assert.Equal(a, Assert.Single(found.GetProperty("experiments").EnumerateArray()).GetProperty("experiment_id").GetString());
        var viaGet = (await Mlflow.GetAsync("experiments/search", ("max_results", "10"), ("filter", "name = 'dev-churn'"))).EnsureOk().Json;
        Assert.Single(viaGet.GetProperty("experiments").EnumerateArray());
    }

    [Fact]
    public async Task Deleted_runs_refuse_logging_and_come_back_on_restore()
    {
        var run = await Mlflow.CreateRunAsync("0");
        (await Mlflow.PostAsync("runs/delete", new { run_id = run })).EnsureOk();
        var refused = await Mlflow.PostAsync("runs/log-metric", new { run_id = run, key = "m", value = 1, timestamp = 1 });
        Assert.Equal(HttpStatusCode.BadRequest, refused.Status);
        Assert.Equal($"The run {run} must be in the 'active' state. Current state is deleted.", refused.Message);
        var active = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" } })).EnsureOk();
        Assert.Equal("{}", active.Text);
        var deleted = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" }, run_view_type = "DELETED_ONLY" })).EnsureOk();
        Assert.Single(deleted.Json.GetProperty("runs").EnumerateArray());
        (await Mlflow.PostAsync("runs/restore", new { run_id = run })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-metric", new { run_id = run, key = "m", value = 1, timestamp = 1 })).EnsureOk();
    }

    [Fact]
    public async Task Log_inputs_records_datasets_with_context()
    {
        var run = await Mlflow.CreateRunAsync("0");
        var dataset = new { name = "iris", digest = "a1b2c3d4", source_type = "local", source = "{\"uri\": \"iris.csv\"}", schema = "{\"mlflow_colspec\": []}", profile = "{\"num_rows\": 150}" };
        (await Mlflow.PostAsync("runs/log-inputs", new { run_id = run, datasets = new[] { new { tags = new[] { new { key = "mlflow.data.context", value = "training" } }, dataset } } })).EnsureOk();
        var inputs = (await Mlflow.GetAsync("runs/get", ("run_id", run))).Json.GetProperty("run").GetProperty("inputs").GetProperty("dataset_inputs");
        var input = Assert.Single(inputs.EnumerateArray());
        Assert.Equal("iris", input.GetProperty("dataset").GetProperty("name").GetString());
        Assert.Equal("training", input.GetProperty("tags")[0].GetProperty("value").GetString());
        var searched = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { "0" }, filter = "datasets.digest = 'a1b2c3d4' and datasets.context = 'training'" })).EnsureOk();
        Assert.Single(searched.Json.GetProperty("runs").EnumerateArray());
    }

    [Fact]
    public async Task Log_model_appends_to_the_log_model_history_tag()
    {
        var run = await Mlflow.CreateRunAsync("0");
        var model = new JsonObject { ["run_id"] = run, ["artifact_path"] = "model", ["utc_time_created"] = "2024-10-10 12:00:00.000000", ["model_uuid"] = "u1", ["flavors"] = new JsonObject { ["onnx"] = new JsonObject { ["data"] = "model.onnx" } } };
        (await Mlflow.PostAsync("runs/log-model", new { run_id = run, model_json = model.ToJsonString() })).EnsureOk();
        var tags = (await Mlflow.GetAsync("runs/get", ("run_id", run))).Json.GetProperty("run").GetProperty("data").GetProperty("tags");
        var history = tags.EnumerateArray().Single(t => t.GetProperty("key").GetString() == "mlflow.log-model.history").GetProperty("value").GetString()!;
        Assert.Equal("model", JsonNode.Parse(history)![0]!["artifact_path"]!.GetValue<string>());
        var missing = await Mlflow.PostAsync("runs/log-model", new { run_id = run, model_json = "{\"artifact_path\": \"m\"}" });
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
    }

    [Fact]
    public async Task Ajax_prefix_serves_the_same_api()
    {
        var response = await Mlflow.SendAsync(HttpMethod.Get, "ajax-api/2.0/mlflow/experiments/get?experiment_id=0", null);
        Assert.Equal("Default", response.EnsureOk().Json.GetProperty("experiment").GetProperty("name").GetString());
    }
}

public sealed class SqliteTrackingApiTests : TrackingApiTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}

public sealed class PostgresTrackingApiTests : TrackingApiTests
{
    protected override TestBackend Backend => TestBackend.Postgres;
}
