using System.Net;
using System.Text.Json.Nodes;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Mlflow;

/// <summary>
/// A whole MLflow Python client session, request for request as the client sends it (mlflow 2.17 fluent API):
/// set_experiment, start_run with the context tags, log params/metrics/batches, log_artifact, log_input,
/// log_model + register_model, set an alias, then load_model("models:/name@alias") and end_run.
/// </summary>
public abstract class ClientSessionTests : ServerTestBase
{
    [Fact]
    public async Task Train_log_register_alias_and_load_as_the_mlflow_client_does()
    {
        // mlflow.set_experiment("churn")
        Assert.Equal(HttpStatusCode.NotFound, (await Mlflow.GetAsync("experiments/get-by-name", ("experiment_name", "churn"))).Status);
        var experimentId = (await Mlflow.PostAsync("experiments/create", new { name = "churn" })).EnsureOk().Json.GetProperty("experiment_id").GetString()!;
        (await Mlflow.GetAsync("experiments/get", ("experiment_id", experimentId))).EnsureOk();

        // mlflow.start_run(run_name="rf")
        var start = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var run = (await Mlflow.PostAsync("runs/create", new JsonObject
        {
            ["experiment_id"] = experimentId,
            ["user_id"] = "alice",
            ["start_time"] = start,
            ["tags"] = new JsonArray(
                new JsonObject { ["key"] = "mlflow.user", ["value"] = "alice" },
                new JsonObject { ["key"] = "mlflow.source.name", ["value"] = "train.py" },
                new JsonObject { ["key"] = "mlflow.source.type", ["value"] = "LOCAL" },
                new JsonObject { ["key"] = "mlflow.source.git.commit", ["value"] = "9f8e7d6" },
                new JsonObject { ["key"] = "mlflow.runName", ["value"] = "rf" }),
            ["run_name"] = "rf",
        })).EnsureOk().Json.GetProperty("run").GetProperty("info");
        var runId = run.GetProperty("run_id").GetString()!;

        // log_param, log_params, log_metric with steps, log_metrics, set_tag
        (await Mlflow.PostAsync("runs/log-parameter", new { run_uuid = runId, run_id = runId, key = "n_estimators", value = "100" })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-batch", new { run_id = runId, @params = new[] { new { key = "max_depth", value = "8" }, new { key = "criterion", value = "gini" } } })).EnsureOk();
        for (var step = 0; step < 5; step++)
        {
            (await Mlflow.PostAsync("runs/log-metric", new { run_uuid = runId, run_id = runId, key = "train_loss", value = 1.0 / (step + 1), timestamp = start + step, step })).EnsureOk();
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        (await Mlflow.PostAsync("runs/log-batch", new { run_id = runId, metrics = new[] { new { key = "accuracy", value = 0.93, timestamp = now, step = 0L }, new { key = "f1", value = 0.91, timestamp = now, step = 0L } } })).EnsureOk();
        (await Mlflow.PostAsync("runs/set-tag", new { run_uuid = runId, run_id = runId, key = "stage", value = "candidate" })).EnsureOk();

        // log_artifact and log_input
        var artifactUri = (await Mlflow.GetAsync("runs/get", ("run_id", runId))).EnsureOk().Json.GetProperty("run").GetProperty("info").GetProperty("artifact_uri").GetString()!;
        using (var notes = new TempDirectory())
        {
            File.WriteAllText(notes.Combine("confusion.txt"), "tp=50 fp=3");
            await Mlflow.UploadFolderAsync(artifactUri, notes.Path, "reports");
        }
        (await Mlflow.PostAsync("runs/log-inputs", new
        {
            run_id = runId,
            datasets = new[] { new { tags = new[] { new { key = "mlflow.data.context", value = "training" } }, dataset = new { name = "churn-2024", digest = "5b1c2a", source_type = "local", source = "{\"uri\": \"churn.csv\"}" } } },
        })).EnsureOk();

        // mlflow.onnx.log_model(..., "model", registered_model_name="churn")
        await Mlflow.UploadFolderAsync(artifactUri, Fixtures.Model("iris_random_forest"), "model");
        var mlmodel = new JsonObject { ["run_id"] = runId, ["artifact_path"] = "model", ["utc_time_created"] = "2024-10-10 12:00:00.000000", ["flavors"] = new JsonObject { ["onnx"] = new JsonObject { ["data"] = "model.onnx" } } };
        (await Mlflow.PostAsync("runs/log-model", new { run_id = runId, model_json = mlmodel.ToJsonString() })).EnsureOk();
        (await Mlflow.PostAsync("registered-models/create", new { name = "churn" })).EnsureOk();
        var version = (await Mlflow.PostAsync("model-versions/create", new { name = "churn", source = $"{artifactUri}/model", run_id = runId })).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("READY", version.GetProperty("status").GetString());

        // client.set_registered_model_alias("churn", "production", "1")
        (await Mlflow.PostAsync("registered-models/alias", new { name = "churn", alias = "production", version = "1" })).EnsureOk();

        // mlflow.pyfunc.load_model("models:/churn@production"): alias → download URI → list → files
        var byAlias = (await Mlflow.GetAsync("registered-models/alias", ("name", "churn"), ("alias", "production"))).EnsureOk().Json.GetProperty("model_version");
        var downloadUri = (await Mlflow.GetAsync("model-versions/get-download-uri", ("name", "churn"), ("version", byAlias.GetProperty("version").GetString()!))).EnsureOk().Json.GetProperty("artifact_uri").GetString()!;
        var root = downloadUri["mlflow-artifacts:/".Length..];
        var files = (await Mlflow.SendAsync(HttpMethod.Get, $"api/2.0/mlflow-artifacts/artifacts?path={root}", null)).EnsureOk().Json.GetProperty("files");
        Assert.Contains(files.EnumerateArray(), f => f.GetProperty("path").GetString() == "MLmodel");
        var onnx = await Server.Client.GetByteArrayAsync($"api/2.0/mlflow-artifacts/artifacts/{root}/model.onnx");
        Assert.Equal(File.ReadAllBytes(Path.Combine(Fixtures.Model("iris_random_forest"), "model.onnx")), onnx);

        // mlflow.end_run()
        (await Mlflow.PostAsync("runs/update", new { run_uuid = runId, run_id = runId, status = "FINISHED", end_time = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() })).EnsureOk();

        // what the UI and MlflowClient.search_runs then see
        var found = (await Mlflow.PostAsync("runs/search", new { experiment_ids = new[] { experimentId }, filter = "attributes.status = 'FINISHED' and params.max_depth = '8' and metrics.accuracy > 0.9", run_view_type = "ACTIVE_ONLY", max_results = 1000, order_by = new[] { "metrics.accuracy DESC" } })).EnsureOk();
        var data = Assert.Single(found.Json.GetProperty("runs").EnumerateArray()).GetProperty("data");
        Assert.Equal(3, data.GetProperty("params").GetArrayLength());
        Assert.Equal(0.2, data.GetProperty("metrics").EnumerateArray().Single(m => m.GetProperty("key").GetString() == "train_loss").GetProperty("value").GetDouble());
        var history = (await Mlflow.GetAsync("metrics/get-history", ("run_id", runId), ("metric_key", "train_loss"), ("max_results", "25000"))).EnsureOk().Json.GetProperty("metrics");
        Assert.Equal(5, history.GetArrayLength());
        var lineage = await Server.Client.GetFromJsonElementAsync("api/kiln/v1/models/churn/versions/1/lineage");
        Assert.Equal("9f8e7d6", lineage.GetProperty("code_version").GetString());
        Assert.Equal("churn-2024", lineage.GetProperty("datasets")[0].GetProperty("name").GetString());
        Assert.Contains(lineage.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("path").GetString() == "reports/confusion.txt");
    }
}

public sealed class SqliteClientSessionTests : ClientSessionTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}

public sealed class PostgresClientSessionTests : ClientSessionTests
{
    protected override TestBackend Backend => TestBackend.Postgres;
}
