using System.Net;
using System.Text.Json;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Mlflow;

/// <summary>MLflow model registry conformance, plus Kiln's registration (MLmodel parsing), audit history and lineage.</summary>
public abstract class RegistryApiTests : ServerTestBase
{
    private static string Iris => Fixtures.Model("iris_random_forest");

    [Fact]
    public async Task Register_model_from_run_artifacts_is_ready_at_once_with_parsed_mlmodel()
    {
        var (runId, version) = await Mlflow.LogAndRegisterModelAsync("iris", Iris);
        Assert.Equal("1", version.GetProperty("version").GetString());
        Assert.Equal("READY", version.GetProperty("status").GetString());
        Assert.Equal(runId, version.GetProperty("run_id").GetString());
        Assert.Equal("None", version.GetProperty("current_stage").GetString());

        var metadata = await Server.Client.GetFromJsonElementAsync("api/kiln/v1/models/iris/versions/1/metadata");
        Assert.Contains("onnx", metadata.GetProperty("flavors").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("model.onnx", metadata.GetProperty("model_file").GetString());
        Assert.Equal("sepal length (cm)", metadata.GetProperty("signature").GetProperty("inputs")[0].GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, metadata.GetProperty("input_example").ValueKind);

        var uri = (await Mlflow.GetAsync("model-versions/get-download-uri", ("name", "iris"), ("version", "1"))).EnsureOk().Json.GetProperty("artifact_uri").GetString();
        Assert.EndsWith($"/{runId}/artifacts/model", uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unresolvable_source_or_bad_mlmodel_is_failed_registration_with_the_reason()
    {
        (await Mlflow.PostAsync("registered-models/create", new { name = "broken" })).EnsureOk();
        var missing = (await Mlflow.PostAsync("model-versions/create", new { name = "broken", source = "mlflow-artifacts:/0/nothing/artifacts/model" })).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("FAILED_REGISTRATION", missing.GetProperty("status").GetString());
        Assert.Contains("No MLmodel file", missing.GetProperty("status_message").GetString(), StringComparison.Ordinal);

        var run = (await Mlflow.PostAsync("runs/create", new { start_time = 1 })).EnsureOk().Json.GetProperty("run").GetProperty("info");
        var artifactUri = run.GetProperty("artifact_uri").GetString()!;
        using var dir = new TempDirectory();
        File.WriteAllText(dir.Combine("MLmodel"), "flavors: [this is: not, a mapping");
        await Mlflow.UploadFolderAsync(artifactUri, dir.Path, "model");
        var unparsable = (await Mlflow.PostAsync("model-versions/create", new { name = "broken", source = artifactUri + "/model" })).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("FAILED_REGISTRATION", unparsable.GetProperty("status").GetString());
        Assert.Equal("2", unparsable.GetProperty("version").GetString());

        var elsewhere = (await Mlflow.PostAsync("model-versions/create", new { name = "broken", source = "s3://other-bucket/model" })).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("FAILED_REGISTRATION", elsewhere.GetProperty("status").GetString());

        var traversal = await Mlflow.PostAsync("model-versions/create", new { name = "broken", source = "mlflow-artifacts:/0/../secrets" });
        Assert.Equal(HttpStatusCode.BadRequest, traversal.Status);
    }

    [Fact]
    public async Task Aliases_move_and_every_move_is_in_the_history()
    {
        await Mlflow.LogAndRegisterModelAsync("churn", Iris);
        await Mlflow.LogAndRegisterModelAsync("churn", Iris);
        (await Mlflow.PostAsync("registered-models/alias", new { name = "churn", alias = "production", version = "1" })).EnsureOk();
        (await Mlflow.PostAsync("registered-models/alias", new { name = "churn", alias = "production", version = "2" })).EnsureOk();
        var byAlias = (await Mlflow.GetAsync("registered-models/alias", ("name", "churn"), ("alias", "production"))).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("2", byAlias.GetProperty("version").GetString());
        Assert.Equal(["production"], byAlias.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));

        var model = (await Mlflow.GetAsync("registered-models/get", ("name", "churn"))).EnsureOk().Json.GetProperty("registered_model");
        var alias = Assert.Single(model.GetProperty("aliases").EnumerateArray());
        Assert.Equal("2", alias.GetProperty("version").GetString());

        (await Mlflow.DeleteAsync("registered-models/alias", new { name = "churn", alias = "production" })).EnsureOk();
        var gone = await Mlflow.GetAsync("registered-models/alias", ("name", "churn"), ("alias", "production"));
        Assert.Equal(HttpStatusCode.BadRequest, gone.Status);
        Assert.Equal("Registered model alias production not found.", gone.Message);

        var reserved = await Mlflow.PostAsync("registered-models/alias", new { name = "churn", alias = "v3", version = "1" });
        Assert.Equal("Version alias name 'v3' is reserved.", reserved.Message);

        var history = await Server.Client.GetFromJsonElementAsync("api/kiln/v1/models/churn/history?alias=production");
        var events = history.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(3, events.Count);
        Assert.Equal(("alias_set", JsonValueKind.Null, 1L), (events[0].GetProperty("kind").GetString(), events[0].GetProperty("from_version").ValueKind, events[0].GetProperty("to_version").GetInt64()));
        Assert.Equal((1L, 2L), (events[1].GetProperty("from_version").GetInt64(), events[1].GetProperty("to_version").GetInt64()));
        Assert.Equal("alias_deleted", events[2].GetProperty("kind").GetString());
        Assert.Equal("anonymous", events[2].GetProperty("actor").GetString());
        Assert.Equal("127.0.0.1", events[2].GetProperty("client_address").GetString());
    }

    [Fact]
    public async Task Stage_transitions_archive_and_are_recorded()
    {
        await Mlflow.LogAndRegisterModelAsync("staged", Iris);
        await Mlflow.LogAndRegisterModelAsync("staged", Iris);
        (await Mlflow.PostAsync("model-versions/transition-stage", new { name = "staged", version = "1", stage = "production", archive_existing_versions = false })).EnsureOk();
        var second = (await Mlflow.PostAsync("model-versions/transition-stage", new { name = "staged", version = "2", stage = "Production", archive_existing_versions = true })).EnsureOk();
        Assert.Equal("Production", second.Json.GetProperty("model_version").GetProperty("current_stage").GetString());
        var first = (await Mlflow.GetAsync("model-versions/get", ("name", "staged"), ("version", "1"))).EnsureOk().Json.GetProperty("model_version");
        Assert.Equal("Archived", first.GetProperty("current_stage").GetString());
        var latest = (await Mlflow.PostAsync("registered-models/get-latest-versions", new { name = "staged", stages = new[] { "Production" } })).EnsureOk().Json.GetProperty("model_versions");
        Assert.Equal("2", Assert.Single(latest.EnumerateArray()).GetProperty("version").GetString());
        var invalid = await Mlflow.PostAsync("model-versions/transition-stage", new { name = "staged", version = "1", stage = "Shipping", archive_existing_versions = false });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        var history = await Server.Client.GetFromJsonElementAsync("api/kiln/v1/models/staged/history");
        Assert.Equal(3, history.GetProperty("events").GetArrayLength());
    }

    [Fact]
    public async Task Search_and_tags_on_models_and_versions()
    {
        await Mlflow.LogAndRegisterModelAsync("alpha", Iris);
        await Mlflow.LogAndRegisterModelAsync("beta", Iris);
        (await Mlflow.PostAsync("registered-models/set-tag", new { name = "alpha", key = "team", value = "ml" })).EnsureOk();
        (await Mlflow.PostAsync("model-versions/set-tag", new { name = "beta", version = "1", key = "validated", value = "yes" })).EnsureOk();
        var models = (await Mlflow.GetAsync("registered-models/search", ("filter", "tags.team = 'ml'"))).EnsureOk().Json.GetProperty("registered_models");
        Assert.Equal("alpha", Assert.Single(models.EnumerateArray()).GetProperty("name").GetString());
        var all = (await Mlflow.GetAsync("registered-models/search", ("max_results", "1"))).EnsureOk().Json;
        Assert.Equal("alpha", all.GetProperty("registered_models")[0].GetProperty("name").GetString());
        Assert.True(all.TryGetProperty("next_page_token", out _));
        var versions = (await Mlflow.GetAsync("model-versions/search", ("filter", "name = 'beta'"))).EnsureOk().Json.GetProperty("model_versions");
        Assert.Equal("yes", Assert.Single(versions.EnumerateArray()).GetProperty("tags")[0].GetProperty("value").GetString());
        (await Mlflow.DeleteAsync("model-versions/delete-tag", new { name = "beta", version = "1", key = "missing" })).EnsureOk();
    }

    [Fact]
    public async Task Deleting_versions_keeps_numbers_and_models_can_be_renamed_and_deleted()
    {
        await Mlflow.LogAndRegisterModelAsync("m", Iris);
        await Mlflow.LogAndRegisterModelAsync("m", Iris);
        (await Mlflow.DeleteAsync("model-versions/delete", new { name = "m", version = "2" })).EnsureOk();
        var (_, third) = await Mlflow.LogAndRegisterModelAsync("m", Iris);
        Assert.Equal("3", third.GetProperty("version").GetString());
        var missing = await Mlflow.GetAsync("model-versions/get", ("name", "m"), ("version", "2"));
        Assert.Equal(HttpStatusCode.NotFound, missing.Status);
        Assert.Equal("Model Version (name=m, version=2) not found", missing.Message);
        (await Mlflow.PostAsync("registered-models/rename", new { name = "m", new_name = "renamed" })).EnsureOk();
        (await Mlflow.GetAsync("model-versions/get", ("name", "renamed"), ("version", "3"))).EnsureOk();
        (await Mlflow.DeleteAsync("registered-models/delete", new { name = "renamed" })).EnsureOk();
        Assert.Equal(HttpStatusCode.NotFound, (await Mlflow.GetAsync("registered-models/get", ("name", "renamed"))).Status);
    }

    [Fact]
    public async Task Lineage_gives_run_params_final_metrics_code_version_datasets_and_artifacts()
    {
        var run = (await Mlflow.PostAsync("runs/create", new
        {
            start_time = 1,
            tags = new[] { new { key = "mlflow.source.git.commit", value = "0a1b2c3" }, new { key = "mlflow.source.name", value = "train.py" } },
        })).EnsureOk().Json.GetProperty("run").GetProperty("info");
        var runId = run.GetProperty("run_id").GetString()!;
        var artifactUri = run.GetProperty("artifact_uri").GetString()!;
        (await Mlflow.PostAsync("runs/log-batch", new
        {
            run_id = runId,
            metrics = new[] { new { key = "acc", value = 0.8, timestamp = 1L, step = 0L }, new { key = "acc", value = 0.95, timestamp = 2L, step = 1L } },
            @params = new[] { new { key = "n_estimators", value = "100" } },
        })).EnsureOk();
        (await Mlflow.PostAsync("runs/log-inputs", new
        {
            run_id = runId,
            datasets = new[] { new { tags = new[] { new { key = "mlflow.data.context", value = "training" } }, dataset = new { name = "iris", digest = "d1", source_type = "local", source = "{}" } } },
        })).EnsureOk();
        await Mlflow.UploadFolderAsync(artifactUri, Iris, "model");
        (await Mlflow.PostAsync("registered-models/create", new { name = "lineage" })).EnsureOk();
        (await Mlflow.PostAsync("model-versions/create", new { name = "lineage", source = $"runs:/{runId}/model" })).EnsureOk();

        var lineage = await Server.Client.GetFromJsonElementAsync("api/kiln/v1/models/lineage/versions/1/lineage");
        Assert.Equal("0a1b2c3", lineage.GetProperty("code_version").GetString());
        Assert.Equal("train.py", lineage.GetProperty("source_name").GetString());
        Assert.Equal(runId, lineage.GetProperty("run").GetProperty("run_id").GetString());
        Assert.Equal("100", lineage.GetProperty("run").GetProperty("params").GetProperty("n_estimators").GetString());
        Assert.Equal(0.95, lineage.GetProperty("run").GetProperty("metrics").GetProperty("acc").GetDouble());
        Assert.Equal("training", lineage.GetProperty("datasets")[0].GetProperty("context").GetString());
        Assert.Contains(lineage.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("path").GetString() == "model/model.onnx");
        Assert.Contains("onnx", lineage.GetProperty("model").GetProperty("flavors").EnumerateArray().Select(f => f.GetString()));
    }
}

public sealed class SqliteRegistryApiTests : RegistryApiTests
{
    protected override TestBackend Backend => TestBackend.Sqlite;
}

public sealed class PostgresRegistryApiTests : RegistryApiTests
{
    protected override TestBackend Backend => TestBackend.Postgres;
}

/// <summary>Registration reads the MLmodel from S3 when artifacts live there.</summary>
public sealed class S3RegistryApiTests(SwiftS3Server s3) : RegistryApiTests, IClassFixture<SwiftS3Server>
{
    protected override TestBackend Backend => TestBackend.Sqlite;

    protected override IReadOnlyDictionary<string, string?>? Settings { get; } = s3.ServerSettings("registry-" + Guid.NewGuid().ToString("N")[..8]);
}
