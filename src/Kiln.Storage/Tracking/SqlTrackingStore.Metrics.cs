using Kiln.Core;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

public abstract partial class SqlTrackingStore
{
    public Task<Page<Metric>> GetMetricHistoryAsync(MetricHistoryQuery query, CancellationToken cancellationToken) =>
        Database.ReadAsync(async (connection, ct) =>
        {
            var run = await FindRunAsync(connection, null, query.RunId, ct);
            if (run is null)
            {
                return new Page<Metric>([], null);
            }
            var key = query.MetricKey;
            // Points come back in logging order; a point logged twice (same timestamp, step and value) once, as MLflow keeps it.
            var points = new List<Metric>();
            var seen = new HashSet<(long, long, long)>();
            using var command = connection.Command("SELECT points FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY id")
                .With("@run", run.Value.Id).With("@key", key);
            using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var bytes = (byte[])reader.GetValue(0);
                for (var offset = 0; offset < bytes.Length; offset += MetricPoints.PointSize)
                {
                    var point = bytes.AsSpan(offset, MetricPoints.PointSize);
                    var value = MetricPoints.ReadValue(point);
                    if (seen.Add((MetricPoints.ReadTimestamp(point), MetricPoints.ReadStep(point), BitConverter.DoubleToInt64Bits(value))))
                    {
                        points.Add(new Metric(key, value, MetricPoints.ReadTimestamp(point), MetricPoints.ReadStep(point)));
                    }
                }
            }
            var start = (int)Math.Min(query.Offset, points.Count);
            var count = Math.Min(query.MaxResults, points.Count - start);
            var next = start + count < points.Count ? PageToken.Encode(start + count) : null;
            return new Page<Metric>(start == 0 && count == points.Count ? points : points.GetRange(start, count), next);
        }, cancellationToken);

    public Task<IReadOnlyList<RunMetric>> GetMetricHistoriesAsync(IReadOnlyList<string> runIds, string metricKey, long? startStep, long? endStep, CancellationToken cancellationToken) =>
        Database.ReadAsync<IReadOnlyList<RunMetric>>(async (connection, ct) =>
        {
            var result = new List<RunMetric>();
            foreach (var runId in runIds)
            {
                var run = await FindRunAsync(connection, null, runId, ct);
                if (run is null)
                {
                    continue;
                }
                var first = result.Count;
                using var command = connection.Command(
                    """
                    SELECT points FROM metric_chunks
                    WHERE run_id = @run AND key = @key AND max_step >= @start AND min_step <= @end ORDER BY id
                    """)
                    .With("@run", run.Value.Id).With("@key", metricKey)
                    .With("@start", startStep ?? long.MinValue).With("@end", endStep ?? long.MaxValue);
                using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    var bytes = (byte[])reader.GetValue(0);
                    for (var offset = 0; offset < bytes.Length; offset += MetricPoints.PointSize)
                    {
                        var point = MetricPoints.Read(bytes.AsSpan(offset, MetricPoints.PointSize), metricKey);
                        if (point.Step >= (startStep ?? long.MinValue) && point.Step <= (endStep ?? long.MaxValue))
                        {
                            result.Add(new RunMetric(runId, point));
                        }
                    }
                }
                result.Sort(first, result.Count - first, StepThenTimestamp.Instance);
            }
            return result;
        }, cancellationToken);

    private sealed class StepThenTimestamp : IComparer<RunMetric>
    {
        public static readonly StepThenTimestamp Instance = new();

        public int Compare(RunMetric x, RunMetric y)
        {
            var byStep = x.Metric.Step.CompareTo(y.Metric.Step);
            return byStep != 0 ? byStep : x.Metric.Timestamp.CompareTo(y.Metric.Timestamp);
        }
    }
}
