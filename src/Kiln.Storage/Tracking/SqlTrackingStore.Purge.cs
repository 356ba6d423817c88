using System.Data.Common;
using System.Globalization;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

public abstract partial class SqlTrackingStore
{
    private static readonly string[] RunChildTables = ["params", "run_tags", "latest_metrics", "metric_chunks", "run_inputs", "input_tags"];

    public Task<PurgeResult> PurgeDeletedAsync(long deletedBefore, IReadOnlyList<string>? onlyRunIds, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var experiments = new List<Experiment>();
            if (onlyRunIds is null)
            {
                using var select = connection.Command(
                    "SELECT experiment_id, name, artifact_location, creation_time, last_update_time FROM experiments WHERE lifecycle_stage = 'deleted' AND deleted_time < @cutoff AND experiment_id <> 0",
                    transaction).With("@cutoff", deletedBefore);
                using var reader = await select.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    experiments.Add(new Experiment(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), LifecycleStage.Deleted, reader.GetInt64(3), reader.GetInt64(4), []));
                }
            }
            var experimentIds = string.Join(',', experiments.Select(e => e.ExperimentId.ToString(CultureInfo.InvariantCulture)));

            var runs = new List<(long Id, PurgedRun Run)>();
            var runFilter = experiments.Count > 0
                ? $"(lifecycle_stage = 'deleted' AND deleted_time < @cutoff) OR experiment_id IN ({experimentIds})"
                : "lifecycle_stage = 'deleted' AND deleted_time < @cutoff";
            using (var select = connection.Command($"SELECT id, run_uuid, artifact_uri FROM runs WHERE {runFilter}", transaction).With("@cutoff", deletedBefore))
            using (var reader = await select.ExecuteReaderAsync(ct))
            {
                var only = onlyRunIds is null ? null : new HashSet<string>(onlyRunIds, StringComparer.Ordinal);
                while (await reader.ReadAsync(ct))
                {
                    var runId = reader.GetString(1);
                    if (only is null || only.Contains(runId))
                    {
                        runs.Add((reader.GetInt64(0), new PurgedRun(runId, reader.GetString(2))));
                    }
                }
            }
            foreach (var batch in runs.Chunk(500))
            {
                var ids = string.Join(',', batch.Select(r => r.Id.ToString(CultureInfo.InvariantCulture)));
                foreach (var table in RunChildTables)
                {
                    await ExecuteAsync(connection, transaction, $"DELETE FROM {table} WHERE run_id IN ({ids})", ct);
                }
                await ExecuteAsync(connection, transaction, $"DELETE FROM runs WHERE id IN ({ids})", ct);
            }
            if (experiments.Count > 0)
            {
                await ExecuteAsync(connection, transaction, $"DELETE FROM experiment_tags WHERE experiment_id IN ({experimentIds})", ct);
                await ExecuteAsync(connection, transaction, $"DELETE FROM datasets WHERE experiment_id IN ({experimentIds})", ct);
                await ExecuteAsync(connection, transaction, $"DELETE FROM experiments WHERE experiment_id IN ({experimentIds})", ct);
            }
            return new PurgeResult(runs.Select(r => r.Run).ToList(), experiments);
        }, cancellationToken);

    private static async ValueTask ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.Command(sql, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
