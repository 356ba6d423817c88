using Kiln.Cli.Tests.Support;
using Kiln.TestSupport;

namespace Kiln.Cli.Tests.Commands;

public sealed class ModelsCommandTests : CliTestBase
{
    private static string Iris => Fixtures.Model("iris_random_forest");

    [Fact]
    public async Task List_show_and_versions()
    {
        await Server.Mlflow.LogAndRegisterModelAsync("iris", Iris);
        var (runId, _) = await Server.Mlflow.LogAndRegisterModelAsync("iris", Iris);

        var table = (await Cli.RunAsync("models", "list")).EnsureSuccess().Out;
        Assert.Contains("iris", table, StringComparison.Ordinal);
        Assert.Contains("v2", table, StringComparison.Ordinal);
        var list = (await Cli.RunAsync("models", "list", "--json")).EnsureSuccess().Json.GetProperty("registered_models");
        Assert.Equal("iris", Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());

        var shown = (await Cli.RunAsync("models", "show", "iris", "--json")).EnsureSuccess().Json;
        Assert.Equal("2", shown.GetProperty("latest_versions")[0].GetProperty("version").GetString());
        Assert.Contains("Latest versions", (await Cli.RunAsync("models", "show", "iris")).EnsureSuccess().Out, StringComparison.Ordinal);

        var versions = (await Cli.RunAsync("models", "versions", "iris", "--json")).EnsureSuccess().Json.GetProperty("model_versions");
        Assert.Equal(["2", "1"], versions.EnumerateArray().Select(v => v.GetProperty("version").GetString()));
        Assert.Equal(runId, versions[0].GetProperty("run_id").GetString());
        var versionTable = (await Cli.RunAsync("models", "versions", "iris")).EnsureSuccess().Out;
        Assert.Contains("READY", versionTable, StringComparison.Ordinal);
        Assert.Contains(runId, versionTable, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Aliases_move_and_the_history_shows_every_move()
    {
        await Server.Mlflow.LogAndRegisterModelAsync("churn", Iris);
        await Server.Mlflow.LogAndRegisterModelAsync("churn", Iris);

        Assert.Equal("Alias 'champion' of model 'churn' now points to version 1.", (await Cli.RunAsync("models", "alias", "set", "churn", "champion", "1")).EnsureSuccess().Out.Trim());
        var moved = (await Cli.RunAsync("models", "alias", "set", "churn", "champion", "2", "--json")).EnsureSuccess().Json;
        Assert.Equal("2", moved.GetProperty("version").GetString());
        Assert.Equal(["champion"], moved.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
        (await Cli.RunAsync("models", "alias", "set", "churn", "challenger", "1")).EnsureSuccess();
        Assert.Contains("champion → v2", (await Cli.RunAsync("models", "show", "churn")).Out, StringComparison.Ordinal);
        (await Cli.RunAsync("models", "alias", "delete", "churn", "champion")).EnsureSuccess();

        var history = (await Cli.RunAsync("models", "history", "churn", "--json")).EnsureSuccess().Json;
        Assert.Equal(["alias_set", "alias_set", "alias_set", "alias_deleted"], history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("kind").GetString()));
        var champion = (await Cli.RunAsync("models", "history", "churn", "--alias", "champion", "--json")).EnsureSuccess().Json.GetProperty("events");
        Assert.Equal(3, champion.GetArrayLength());
        Assert.Equal(1, champion[1].GetProperty("from_version").GetInt64());
        Assert.Equal(2, champion[1].GetProperty("to_version").GetInt64());

        var table = (await Cli.RunAsync("models", "history", "churn")).EnsureSuccess().Out;
        Assert.Contains("alias set", table, StringComparison.Ordinal);
        Assert.Contains("1 → 2", table, StringComparison.Ordinal);
        Assert.Contains("alias deleted", table, StringComparison.Ordinal);

        var missing = await Cli.RunAsync("models", "alias", "set", "churn", "champion", "99");
        Assert.Equal(1, missing.ExitCode);
        Assert.StartsWith("Error: RESOURCE_DOES_NOT_EXIST: ", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stage_transitions_archive_existing_versions_on_request()
    {
        await Server.Mlflow.LogAndRegisterModelAsync("fraud", Iris);
        await Server.Mlflow.LogAndRegisterModelAsync("fraud", Iris);

        Assert.Equal("Model 'fraud' version 1 is now in stage Production.", (await Cli.RunAsync("models", "stage", "fraud", "1", "Production")).EnsureSuccess().Out.Trim());
        var second = (await Cli.RunAsync("models", "stage", "fraud", "2", "Production", "--archive-existing", "--json")).EnsureSuccess().Json;
        Assert.Equal("Production", second.GetProperty("current_stage").GetString());
        Assert.Equal("Archived", (await Client.Models.GetVersionAsync("fraud", "1")).CurrentStage);

        var stageHistory = (await Cli.RunAsync("models", "history", "fraud", "--json")).EnsureSuccess().Json.GetProperty("events");
        Assert.Contains(stageHistory.EnumerateArray(), e => e.GetProperty("kind").GetString() == "stage_transition" && e.GetProperty("to_stage").GetString() == "Archived");
    }

    [Fact]
    public async Task Lineage_and_metadata_of_a_version()
    {
        var (runId, _) = await Server.Mlflow.LogAndRegisterModelAsync("iris", Iris);
        await Client.Runs.LogParamAsync(runId, "n_estimators", "100");

        var lineage = (await Cli.RunAsync("models", "lineage", "iris", "1", "--json")).EnsureSuccess().Json;
        Assert.Equal("1", lineage.GetProperty("model_version").GetProperty("version").GetString());
        Assert.Equal(runId, lineage.GetProperty("run").GetProperty("run_id").GetString());
        Assert.Equal("100", lineage.GetProperty("run").GetProperty("params").GetProperty("n_estimators").GetString());
        Assert.Contains(lineage.GetProperty("artifacts").EnumerateArray(), a => a.GetProperty("path").GetString()!.EndsWith("MLmodel", StringComparison.Ordinal));

        var table = (await Cli.RunAsync("models", "lineage", "iris", "1")).EnsureSuccess().Out;
        Assert.Contains(runId, table, StringComparison.Ordinal);
        Assert.Contains("n_estimators", table, StringComparison.Ordinal);
        Assert.Contains("onnx", table, StringComparison.Ordinal);

        var metadata = (await Cli.RunAsync("models", "metadata", "iris", "1")).EnsureSuccess().Json;
        Assert.Equal("model.onnx", metadata.GetProperty("model_file").GetString());
    }

    [Fact]
    public async Task Unknown_model_exits_non_zero_with_the_servers_message()
    {
        var show = await Cli.RunAsync("models", "show", "ghost");
        Assert.Equal(1, show.ExitCode);
        Assert.Equal("Error: RESOURCE_DOES_NOT_EXIST: Registered Model with name=ghost not found", show.Error.Trim());

        var lineage = await Cli.RunAsync("models", "lineage", "ghost", "1");
        Assert.Equal(1, lineage.ExitCode);
        Assert.StartsWith("Error: RESOURCE_DOES_NOT_EXIST: ", lineage.Error, StringComparison.Ordinal);
    }
}
