using Kiln.Tracking;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiln.Server.Hosting;

/// <summary>Runs the retention pass on a timer when a retention period is configured.</summary>
internal sealed class RetentionWorker(Retention retention, IOptions<RetentionOptions> options, ILogger<RetentionWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.DeletedRetentionDays is not { } days)
        {
            return;
        }
        using var timer = new PeriodicTimer(options.Value.Interval);
        do
        {
            try
            {
                var summary = await retention.PurgeAsync(TimeSpan.FromDays(days), null, stoppingToken);
                if (summary.Runs.Count + summary.Experiments.Count > 0)
                {
                    Log.RetentionPurged(logger, summary.Runs.Count, summary.Experiments.Count, days);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.RetentionFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
