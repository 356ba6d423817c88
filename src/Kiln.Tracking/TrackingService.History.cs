using Kiln.Core;
using Kiln.Storage;

namespace Kiln.Tracking;

public sealed partial class TrackingService
{
    public const int MaxBulkIntervalRuns = 100;
    public const int MaxBulkIntervalResults = 2500;
    private const int MaxPointsPerRun = 25000;

    /// <summary>
    /// Metric history of several runs sampled to at most <paramref name="maxResults"/> steps (MLflow's
    /// get-history-bulk-interval, which charts use): evenly spaced steps plus the last, and each run's first and last.
    /// </summary>
    public async Task<IReadOnlyList<RunMetric>> GetMetricHistoryBulkIntervalAsync(IReadOnlyList<string> runIds, string metricKey, long? startStep, long? endStep, int? maxResults, CancellationToken cancellationToken)
    {
        if (runIds.Count == 0)
        {
            throw KilnException.InvalidParameter("Missing value for required parameter 'run_ids'. See the API docs for more information about request parameters.");
        }
        if (runIds.Count > MaxBulkIntervalRuns)
        {
            throw KilnException.InvalidParameter($"GetMetricHistoryBulkInterval request must specify at most {MaxBulkIntervalRuns} run_ids. Received {runIds.Count} run_ids.");
        }
        if ((startStep is null) != (endStep is null))
        {
            throw KilnException.InvalidParameter("If either start step or end step are specified, both must be specified.");
        }
        if (startStep is not null && endStep < startStep)
        {
            throw KilnException.InvalidParameter($"end_step must be greater than start_step. Found start_step={startStep} and end_step={endStep}.");
        }
        var max = maxResults ?? MaxBulkIntervalResults;
        if (max is < 1 or > MaxBulkIntervalResults)
        {
            throw KilnException.InvalidParameter($"max_results must be between 1 and {MaxBulkIntervalResults}.");
        }

        var points = await store.GetMetricHistoriesAsync(runIds, metricKey, startStep, endStep, cancellationToken);
        if (points.Count == 0)
        {
            return [];
        }
        var start = startStep ?? 0;
        var end = endStep ?? points.Max(p => p.Metric.Step);
        var inRange = points.Where(p => p.Metric.Step >= start && p.Metric.Step <= end).ToList();
        var allSteps = inRange.Select(p => p.Metric.Step).Distinct().Order().ToList();
        var chosen = new HashSet<long>();
        if (allSteps.Count <= max)
        {
            chosen.UnionWith(allSteps);
        }
        else
        {
            var stride = (double)allSteps.Count / max;
            for (var i = 0; i < max; i++)
            {
                chosen.Add(allSteps[(int)(i * stride)]);
            }
            chosen.Add(allSteps[^1]);
        }
        foreach (var run in inRange.GroupBy(p => p.RunId))
        {
            chosen.Add(run.Min(p => p.Metric.Step));
            chosen.Add(run.Max(p => p.Metric.Step));
        }
        var result = new List<RunMetric>();
        foreach (var run in inRange.GroupBy(p => p.RunId))
        {
            result.AddRange(run.Where(p => chosen.Contains(p.Metric.Step))
                .OrderBy(p => p.Metric.Step).ThenBy(p => p.Metric.Timestamp).ThenBy(p => p.Metric.Value)
                .Take(MaxPointsPerRun));
        }
        return result;
    }
}
