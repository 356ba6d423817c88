using System.Text.Json;
using Kiln.Cli.Tests.Support;

namespace Kiln.Cli.Tests.Commands;

public sealed class ExperimentsCommandTests : CliTestBase
{
    [Fact]
    public async Task Create_list_show_rename_delete_and_restore()
    {
        var created = (await Cli.RunAsync("experiments", "create", "churn")).EnsureSuccess();
        Assert.StartsWith("Created experiment 'churn' with id ", created.Out, StringComparison.Ordinal);
        var id = (await Cli.RunAsync("experiments", "show", "churn", "--json")).EnsureSuccess().Json.GetProperty("experiment_id").GetString()!;

        var table = (await Cli.RunAsync("experiments", "list")).EnsureSuccess().Out;
        Assert.Contains("Name", table, StringComparison.Ordinal);
        Assert.Contains("churn", table, StringComparison.Ordinal);
        Assert.Contains("Default", table, StringComparison.Ordinal);
        Assert.Equal(["Default", "churn"], Names((await Cli.RunAsync("experiments", "list", "--json")).EnsureSuccess().Json).Order(StringComparer.Ordinal));

        var shown = (await Cli.RunAsync("experiments", "show", id)).EnsureSuccess().Out;
        Assert.Contains("Artifact location", shown, StringComparison.Ordinal);
        Assert.Contains($"mlflow-artifacts:/{id}", shown, StringComparison.Ordinal);

        Assert.Contains("to 'churn-v2'", (await Cli.RunAsync("experiments", "rename", id, "churn-v2")).EnsureSuccess().Out, StringComparison.Ordinal);
        Assert.Contains($"Deleted experiment {id}", (await Cli.RunAsync("experiments", "delete", "churn-v2")).EnsureSuccess().Out, StringComparison.Ordinal);
        Assert.Equal(["Default"], Names((await Cli.RunAsync("experiments", "list", "--json")).Json));
        Assert.Equal(["churn-v2"], Names((await Cli.RunAsync("experiments", "list", "--deleted", "--json")).Json));
        Assert.Equal(2, Names((await Cli.RunAsync("experiments", "list", "--all", "--json")).Json).Count);

        var restored = (await Cli.RunAsync("experiments", "restore", id, "--json")).EnsureSuccess().Json;
        Assert.Equal("active", restored.GetProperty("lifecycle_stage").GetString());
        Assert.Equal("churn-v2", restored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_with_artifact_location_and_json_answer()
    {
        var created = (await Cli.RunAsync("experiments", "create", "located", "--artifact-location", "mlflow-artifacts:/elsewhere", "--json")).EnsureSuccess().Json;
        var id = created.GetProperty("experiment_id").GetString()!;
        var experiment = await Client.Experiments.GetAsync(id);
        Assert.Equal("mlflow-artifacts:/elsewhere", experiment.ArtifactLocation);
    }

    [Fact]
    public async Task Server_errors_exit_non_zero_with_the_servers_message()
    {
        (await Cli.RunAsync("experiments", "create", "twice")).EnsureSuccess();
        var duplicate = await Cli.RunAsync("experiments", "create", "twice");
        Assert.Equal(1, duplicate.ExitCode);
        Assert.StartsWith("Error: RESOURCE_ALREADY_EXISTS: ", duplicate.Error, StringComparison.Ordinal);
        Assert.Empty(duplicate.Out);

        var missing = await Cli.RunAsync("experiments", "show", "no-such-experiment");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("Error: RESOURCE_DOES_NOT_EXIST: ", missing.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-experiment", missing.Error, StringComparison.Ordinal);
    }

    private static List<string> Names(JsonElement list) =>
        list.TryGetProperty("experiments", out var experiments) ? [.. experiments.EnumerateArray().Select(e => e.GetProperty("name").GetString()!)] : [];
}
