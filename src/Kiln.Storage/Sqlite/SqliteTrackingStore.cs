using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;
using Kiln.Storage.Tracking;

namespace Kiln.Storage.Sqlite;

/// <summary>
/// SQLite runs in process, so single-row statements cost microseconds: bulk writes are prepared
/// statements executed per row, kept prepared on the one writer connection.
/// </summary>
public sealed class SqliteTrackingStore(SqliteDatabase database, TimeProvider clock) : SqlTrackingStore(database, clock)
{
    private const string InsertParam = "INSERT INTO params (run_id, key, value) VALUES (@run, @key, @value) ON CONFLICT DO NOTHING";
    private const string UpsertTag = "INSERT INTO run_tags (run_id, key, value) VALUES (@run, @key, @value) ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value";
    private const string InsertChunk = "INSERT INTO metric_chunks (run_id, key, point_count, min_step, max_step, points) VALUES (@run, @key, @count, @min, @max, @points)";
    private const string UpsertLatest =
        """
        INSERT INTO latest_metrics (run_id, key, value, timestamp, step, is_nan) VALUES (@run, @key, @value, @timestamp, @step, @nan)
        ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
        WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)
        """;

    private readonly PreparedCommands _prepared = new();

    protected override string ForUpdate => string.Empty;

    protected override async ValueTask InsertParamsIfAbsentAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        var command = _prepared.Get(connection, transaction, InsertParam, "@run", "@key", "@value");
        command.Parameters[0].Value = runId;
        foreach (var parameter in parameters)
        {
            command.Parameters[1].Value = parameter.Key;
            command.Parameters[2].Value = parameter.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async ValueTask UpsertTagsAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        var command = _prepared.Get(connection, transaction, UpsertTag, "@run", "@key", "@value");
        command.Parameters[0].Value = runId;
        foreach (var tag in tags)
        {
            command.Parameters[1].Value = tag.Key;
            command.Parameters[2].Value = tag.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async ValueTask InsertChunksAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<MetricChunk> chunks, CancellationToken cancellationToken)
    {
        var command = _prepared.Get(connection, transaction, InsertChunk, "@run", "@key", "@count", "@min", "@max", "@points");
        command.Parameters[0].Value = runId;
        foreach (var chunk in chunks)
        {
            command.Parameters[1].Value = chunk.Key;
            command.Parameters[2].Value = chunk.PointCount;
            command.Parameters[3].Value = chunk.MinStep;
            command.Parameters[4].Value = chunk.MaxStep;
            command.Parameters[5].Value = chunk.Points;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    protected override async ValueTask UpsertLatestMetricsAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<LatestMetric> metrics, CancellationToken cancellationToken)
    {
        var command = _prepared.Get(connection, transaction, UpsertLatest, "@run", "@key", "@value", "@timestamp", "@step", "@nan");
        command.Parameters[0].Value = runId;
        foreach (var metric in metrics)
        {
            command.Parameters[1].Value = metric.Key;
            command.Parameters[2].Value = metric.Value;
            command.Parameters[3].Value = metric.Timestamp;
            command.Parameters[4].Value = metric.Step;
            command.Parameters[5].Value = metric.IsNan ? 1 : 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    /// <summary>Commands prepared once on the writer connection; only the writer thread touches them.</summary>
    private sealed class PreparedCommands
    {
        private readonly Dictionary<string, DbCommand> _commands = new(StringComparer.Ordinal);

        public DbCommand Get(DbConnection connection, DbTransaction transaction, string sql, params string[] parameterNames)
        {
            if (!_commands.TryGetValue(sql, out var command) || command.Connection != connection)
            {
                command = connection.Command(sql, transaction);
                foreach (var name in parameterNames)
                {
                    command.With(name, null);
                }
                command.Prepare();
                _commands[sql] = command;
            }
            command.Transaction = transaction;
            return command;
        }
    }
}
