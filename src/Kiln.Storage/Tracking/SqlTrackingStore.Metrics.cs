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
            var run = await RequireRunAsync(connection, null, query.RunId, ct);
            var key = query.MetricKey;
            var skip = query.Offset;
            var wanted = query.MaxResults;
            var points = new List<Metric>(Math.Min(wanted, 4096));
            var more = false;
            using var command = connection.Command("SELECT point_count, points FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY id")
                .With("@run", run.Id).With("@key", key);
            using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var count = reader.GetInt32(0);
                if (skip >= count)
                {
                    skip -= count;
                    continue;
                }
                if (points.Count >= wanted)
                {
                    more = true;
                    break;
                }
                var bytes = (byte[])reader.GetValue(1);
                for (var i = (int)skip; i < count; i++)
                {
                    if (points.Count >= wanted)
                    {
                        more = true;
                        break;
                    }
                    points.Add(MetricPoints.Read(bytes.AsSpan(i * MetricPoints.PointSize, MetricPoints.PointSize), key));
                }
                skip = 0;
            }
            return new Page<Metric>(points, more ? PageToken.Encode(query.Offset + points.Count) : null);
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
