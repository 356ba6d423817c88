using Kiln.Cli.Tests.Support;
using Kiln.Client;
using Kiln.TestSupport;
using Xunit.Abstractions;

namespace Kiln.Cli.Tests.Durability;

/// <summary>
/// The real <c>kiln server</c> process is killed with SIGKILL while ten clients log metrics as fast as they can;
/// after a restart on the same data, every write the server had acknowledged with 200 must be there.
/// </summary>
[Collection(HeavyTests.Name)]
public sealed class CrashDurabilityTests(ITestOutputHelper output)
{
    private const int Writers = 10;

    [Theory]
    [InlineData(TestBackend.Sqlite)]
    [InlineData(TestBackend.Postgres)]
    public async Task Every_acknowledged_metric_survives_kill_9(TestBackend backend)
    {
        using var data = new TempDirectory("kiln-crash");
        var backendStore = backend == TestBackend.Postgres ? await TestPostgres.CreateSchemaAsync() : null;
        string[] runIds;
        var acknowledged = new AcknowledgedWrites();
        await using (var server = await KilnServerProcess.StartAsync(data.Path, backendStore))
        {
            using (var setup = new KilnClient(server.BaseAddress))
            {
                var experimentId = await setup.Experiments.CreateAsync("crash");
                runIds = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async i =>
                    (await setup.Runs.CreateAsync(new NewRun { ExperimentId = experimentId, RunName = $"writer-{i}" })).Info.RunId));
            }
            using var stop = new CancellationTokenSource();
            var writers = runIds.Select((runId, i) => Task.Run(() => MetricWriter.RunAsync(server.BaseAddress, runId, i, acknowledged, stop.Token))).ToArray();

            await Task.Delay(TimeSpan.FromSeconds(2));
            server.Kill();
            await server.WaitForExitAsync(TimeSpan.FromSeconds(10));
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
            Assert.True(server.HasExited);
        }

        Assert.Empty(acknowledged.Rejections);
        Assert.True(acknowledged.Requests > 100, $"Only {acknowledged.Requests} writes were acknowledged in two seconds.");
        Assert.Equal(Writers, acknowledged.Lost);
        Assert.True(acknowledged.CutOff > 0, "No write was in flight when the server was killed.");

        await using var restarted = await KilnServerProcess.StartAsync(data.Path, backendStore);
        using var client = new KilnClient(restarted.BaseAddress);
        Assert.True(await client.IsHealthyAsync());
        var verified = await acknowledged.VerifyAsync(client);
        Assert.Equal(acknowledged.Count, verified);
        output.WriteLine($"{backend}: {acknowledged.Requests} acknowledged requests ({verified} metric points) all present after kill -9 and restart; "
            + $"{acknowledged.CutOff} of the {Writers} writers had a request in flight that the kill cut off.");

        await client.Runs.LogMetricAsync(runIds[0], "after-restart", 1.5);
        Assert.Equal(1.5, Assert.Single(await client.Runs.GetAllMetricHistoryAsync(runIds[0], "after-restart").ToListAsync()).Value);
        Assert.Equal(Writers, (await client.Runs.SearchAllAsync(new RunSearch { ExperimentIds = [(await client.Experiments.GetByNameAsync("crash")).ExperimentId] }).ToListAsync()).Count);
    }
}
