using Kiln.Cli.Tests.Support;
using Kiln.TestSupport;

namespace Kiln.Cli.Tests.Commands;

public sealed class GcCommandTests : CliTestBase
{
    [Fact]
    public async Task Gc_purges_a_deleted_run_and_its_artifacts_for_good()
    {
        var experimentId = await Client.Experiments.CreateAsync("scratch");
        var keep = (await Client.Runs.CreateAsync(new() { ExperimentId = experimentId })).Info.RunId;
        var purge = (await Client.Runs.CreateAsync(new() { ExperimentId = experimentId })).Info.RunId;
        using var source = new TempDirectory();
        File.WriteAllText(source.Combine("notes.txt"), "bye");
        await Client.Artifacts.UploadAsync(purge, source.Path);
        var artifactFolder = Path.Combine(Server.Directory.Path, "artifacts", experimentId, purge);
        Assert.True(Directory.Exists(artifactFolder));

        (await Cli.RunAsync("runs", "delete", purge)).EnsureSuccess();
        var nothingOldEnough = (await Cli.RunAsync("gc", "--older-than-days", "30", "--json")).EnsureSuccess().Json;
        Assert.Equal(0, nothingOldEnough.GetProperty("purged_runs").GetArrayLength());

        var gc = (await Cli.RunAsync("gc", "--run-id", purge)).EnsureSuccess().Out;
        Assert.Contains("Purged 1 run(s) and 0 experiment(s)", gc, StringComparison.Ordinal);
        Assert.Contains(purge, gc, StringComparison.Ordinal);
        Assert.False(Directory.Exists(artifactFolder));
        Assert.Equal(1, (await Cli.RunAsync("runs", "show", purge)).ExitCode);
        (await Cli.RunAsync("runs", "show", keep)).EnsureSuccess();
    }

    [Fact]
    public async Task Gc_purges_deleted_experiments_and_refuses_negative_ages()
    {
        var experimentId = await Client.Experiments.CreateAsync("old");
        (await Cli.RunAsync("experiments", "delete", experimentId)).EnsureSuccess();
        var result = (await Cli.RunAsync("gc", "--json")).EnsureSuccess().Json;
        Assert.Equal([experimentId], result.GetProperty("purged_experiments").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, (await Cli.RunAsync("experiments", "show", experimentId)).ExitCode);

        var negative = await Cli.RunAsync("gc", "--older-than-days", "-1");
        Assert.Equal(1, negative.ExitCode);
        Assert.Contains("--older-than-days must be zero or more", negative.Error, StringComparison.Ordinal);
    }
}
