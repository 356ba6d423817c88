using Kiln.Client;

namespace Kiln.Cli.Tests.Durability;

/// <summary>
/// One client logging metrics to its run as fast as the server answers, alternating log-metric and log-batch, each
/// point with its own step, until told to stop or the connection fails.
/// </summary>
internal static class MetricWriter
{
    private const int BatchSize = 20;

    public static async Task RunAsync(Uri server, string runId, int writer, AcknowledgedWrites acknowledged, CancellationToken stop)
    {
        using var client = new KilnClient(new KilnClientOptions { BaseAddress = server, RequestTimeout = TimeSpan.FromSeconds(60) });
        long step = 0;
        for (var request = 0; !stop.IsCancellationRequested; request++)
        {
            try
            {
                if (request % 2 == 0)
                {
                    var point = new LoggedPoint(runId, "single", step, Value(writer, step));
                    await client.Runs.LogMetricAsync(runId, point.Key, point.Value, 1_700_000_000_000 + step, step, CancellationToken.None);
                    acknowledged.Acknowledged([point]);
                    step++;
                }
                else
                {
                    var points = Enumerable.Range(0, BatchSize).Select(i => new LoggedPoint(runId, "batch", step + i, Value(writer, step + i))).ToList();
                    await client.Runs.LogBatchAsync(runId, [.. points.Select(p => new Metric(p.Key, p.Value, 1_700_000_000_000 + p.Step, p.Step))], cancellationToken: CancellationToken.None);
                    acknowledged.Acknowledged(points);
                    step += BatchSize;
                }
            }
            catch (KilnApiException ex)
            {
                acknowledged.Rejected(ex);
                return;
            }
            catch (Exception ex) when (ex is KilnConnectionException or HttpRequestException or IOException or TimeoutException)
            {
                acknowledged.ConnectionLost(wasInFlight: ex is not KilnConnectionException { NotSent: true });
                return;
            }
        }
    }

    private static double Value(int writer, long step) => (writer * 1_000_000) + (step * 0.5);
}
