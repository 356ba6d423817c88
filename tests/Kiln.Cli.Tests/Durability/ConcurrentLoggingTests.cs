using Kiln.Cli.Tests.Support;
using Kiln.Client;
using Kiln.TestSupport;

namespace Kiln.Cli.Tests.Durability;

/// <summary>Twenty clients log to one run at once: every request succeeds and the run's history holds every point.</summary>
[Collection(HeavyTests.Name)]
public sealed class ConcurrentLoggingTests
{
    private const int Clients = 20;
    private const int CallsPerClient = 50;
    private const int MetricsPerCall = 50;

    [Theory]
    [InlineData(TestBackend.Sqlite)]
    [InlineData(TestBackend.Postgres)]
    public async Task Twenty_clients_logging_batches_to_one_run_all_succeed_and_keep_every_point(TestBackend backend)
    {
        await using var server = await KilnTestServer.StartAsync(backend);
        using var setup = new KilnClient(server.BaseAddress);
        var runId = (await setup.Runs.CreateAsync()).Info.RunId;
        var succeeded = 0;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(client => Task.Run(async () =>
        {
            using var http = new KilnClient(server.BaseAddress);
            for (var call = 0; call < CallsPerClient; call++)
            {
                var first = ((client * CallsPerClient) + call) * MetricsPerCall;
                var metrics = Enumerable.Range(first, MetricsPerCall).Select(step => new Metric("loss", step * 0.001, 1_700_000_000_000 + step, step)).ToList();
                // Anything but 200 throws.
                await http.Runs.LogBatchAsync(runId, metrics);
                Interlocked.Increment(ref succeeded);
            }
        })));

        const int total = Clients * CallsPerClient * MetricsPerCall;
        Assert.Equal(Clients * CallsPerClient, succeeded);
        var history = await setup.Runs.GetAllMetricHistoryAsync(runId, "loss", pageSize: 10_000).ToListAsync();
        Assert.Equal(total, history.Count);
        Assert.Equal(Enumerable.Range(0, total).Select(step => (long)step), history.Select(m => m.Step).Order());
        Assert.All(history, m => Assert.Equal(m.Step * 0.001, m.Value));
        Assert.Equal(total - 1, Assert.Single((await setup.Runs.GetAsync(runId)).Data.Metrics).Step);
    }
}
