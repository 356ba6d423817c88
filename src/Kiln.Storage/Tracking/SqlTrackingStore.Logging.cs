using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

public abstract partial class SqlTrackingStore
{
    /// <summary>Groups this small are appended to the run's last chunk for the key, so one-point log calls do not make one row each.</summary>
    private const int TailMergeMaxNewPoints = 32;

    private const int MaxChunkPoints = 128;

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<KeyValue> parameters, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        // Grouping and packing happen before the write, off the single writer.
        var groups = metrics.Count == 0 ? null : MetricGroup.GroupByKey(metrics);
        return Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var run = await RequireActiveRunAsync(connection, transaction, runId, ct);
            if (parameters.Count > 0)
            {
                await LogParamsAsync(connection, transaction, run, parameters, ct);
            }
            if (tags.Count > 0)
            {
                await UpsertTagsAsync(connection, transaction, run.Id, tags, ct);
            }
            if (groups is not null)
            {
                await LogMetricsAsync(connection, transaction, run.Id, groups, ct);
            }
            return 0;
        }, cancellationToken);
    }

    public Task DeleteRunTagAsync(string runId, string key, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var run = await RequireActiveRunAsync(connection, transaction, runId, ct);
            using var command = connection.Command("DELETE FROM run_tags WHERE run_id = @id AND key = @key", transaction).With("@id", run.Id).With("@key", key);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                throw StoreErrors.RunTagNotFound(key, runId);
            }
            return 0;
        }, cancellationToken);

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var run = await RequireActiveRunAsync(connection, transaction, runId, ct);
            long position;
            using (var count = connection.Command("SELECT COUNT(*) FROM run_inputs WHERE run_id = @id", transaction).With("@id", run.Id))
            {
                position = await count.ExecuteInt64Async(ct);
            }
            foreach (var input in inputs)
            {
                var datasetId = await FindOrCreateDatasetAsync(connection, transaction, run.ExperimentId, input.Dataset, ct);
                using (var link = connection.Command(
                    "INSERT INTO run_inputs (run_id, dataset_id, position) VALUES (@run, @dataset, @position) ON CONFLICT DO NOTHING", transaction)
                    .With("@run", run.Id).With("@dataset", datasetId).With("@position", position++))
                {
                    await link.ExecuteNonQueryAsync(ct);
                }
                foreach (var tag in input.Tags)
                {
                    using var tagCommand = connection.Command(
                        """
                        INSERT INTO input_tags (run_id, dataset_id, key, value) VALUES (@run, @dataset, @key, @value)
                        ON CONFLICT (run_id, dataset_id, key) DO UPDATE SET value = excluded.value
                        """, transaction).With("@run", run.Id).With("@dataset", datasetId).With("@key", tag.Key).With("@value", tag.Value);
                    await tagCommand.ExecuteNonQueryAsync(ct);
                }
            }
            return 0;
        }, cancellationToken);

    private static async ValueTask<long> FindOrCreateDatasetAsync(DbConnection connection, DbTransaction transaction, long experimentId, Dataset dataset, CancellationToken cancellationToken)
    {
        using (var find = connection.Command("SELECT id FROM datasets WHERE experiment_id = @e AND name = @n AND digest = @d", transaction)
            .With("@e", experimentId).With("@n", dataset.Name).With("@d", dataset.Digest))
        {
            if (await find.ExecuteScalarAsync(cancellationToken) is { } existing)
            {
                return Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        using var insert = connection.Command(
            """
            INSERT INTO datasets (experiment_id, name, digest, source_type, source, schema, profile)
            VALUES (@e, @n, @d, @type, @source, @schema, @profile) RETURNING id
            """, transaction)
            .With("@e", experimentId).With("@n", dataset.Name).With("@d", dataset.Digest).With("@type", dataset.SourceType)
            .With("@source", dataset.Source).With("@schema", dataset.Schema).With("@profile", dataset.Profile);
        return await insert.ExecuteInt64Async(cancellationToken);
    }

    private async ValueTask LogParamsAsync(DbConnection connection, DbTransaction transaction, RunRow run, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        await InsertParamsIfAbsentAsync(connection, transaction, run.Id, parameters, cancellationToken);
        // Whatever was already there must hold the same value: params are immutable.
        var wanted = new Dictionary<string, string>(parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in parameters)
        {
            wanted[parameter.Key] = parameter.Value;
        }
        List<ParamConflict>? conflicts = null;
        using (var command = connection.Command("SELECT key, value FROM params WHERE run_id = @id", transaction).With("@id", run.Id))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = reader.GetString(0);
                if (wanted.TryGetValue(key, out var value))
                {
                    var stored = reader.GetString(1);
                    if (!string.Equals(stored, value, StringComparison.Ordinal))
                    {
                        (conflicts ??= []).Add(new ParamConflict(key, stored, value));
                    }
                }
            }
        }
        if (conflicts is not null)
        {
            throw new ParamConflictException(run.RunUuid, conflicts);
        }
    }

    private async ValueTask LogMetricsAsync(DbConnection connection, DbTransaction transaction, long runId, List<MetricGroup> groups, CancellationToken cancellationToken)
    {
        var chunks = new List<MetricChunk>(groups.Count);
        var latest = new List<LatestMetric>(groups.Count);
        foreach (var group in groups)
        {
            var point = group.Latest;
            latest.Add(new LatestMetric(group.Key, MetricGroup.SortableValue(point.Value), point.Timestamp, point.Step, double.IsNaN(point.Value)));
            if (group.Points.Count <= TailMergeMaxNewPoints && await TryAppendToLastChunkAsync(connection, transaction, runId, group, cancellationToken))
            {
                continue;
            }
            chunks.Add(new MetricChunk(group.Key, group.Points.Count, group.MinStep, group.MaxStep, group.Pack()));
        }
        if (chunks.Count > 0)
        {
            await InsertChunksAsync(connection, transaction, runId, chunks, cancellationToken);
        }
        await UpsertLatestMetricsAsync(connection, transaction, runId, latest, cancellationToken);
    }

    private async ValueTask<bool> TryAppendToLastChunkAsync(DbConnection connection, DbTransaction transaction, long runId, MetricGroup group, CancellationToken cancellationToken)
    {
        long chunkId;
        int count;
        long minStep;
        long maxStep;
        byte[] points;
        using (var select = connection.Command(
            $"SELECT id, point_count, min_step, max_step, points FROM metric_chunks WHERE run_id = @run AND key = @key ORDER BY id DESC LIMIT 1{ForUpdate}", transaction)
            .With("@run", runId).With("@key", group.Key))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            if (!await reader.ReadAsync(cancellationToken))
            {
                return false;
            }
            count = reader.GetInt32(1);
            if (count + group.Points.Count > MaxChunkPoints)
            {
                return false;
            }
            chunkId = reader.GetInt64(0);
            minStep = reader.GetInt64(2);
            maxStep = reader.GetInt64(3);
            points = (byte[])reader.GetValue(4);
        }
        using var update = connection.Command(
            "UPDATE metric_chunks SET point_count = @count, min_step = @min, max_step = @max, points = @points WHERE id = @id", transaction)
            .With("@count", count + group.Points.Count)
            .With("@min", Math.Min(minStep, group.MinStep))
            .With("@max", Math.Max(maxStep, group.MaxStep))
            .With("@points", group.Pack(points))
            .With("@id", chunkId);
        await update.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }
}
