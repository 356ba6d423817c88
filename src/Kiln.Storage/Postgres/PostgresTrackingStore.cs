using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Tracking;
using Npgsql;
using NpgsqlTypes;

namespace Kiln.Storage.Postgres;

/// <summary>
/// PostgreSQL is a network hop away, so bulk writes are one set-based statement over arrays
/// (<c>unnest</c>) instead of a round trip per row.
/// </summary>
public sealed class PostgresTrackingStore(PostgresDatabase database, TimeProvider clock) : SqlTrackingStore(database, clock)
{
    protected override string ForUpdate => " FOR UPDATE";

    protected override async ValueTask InsertParamsIfAbsentAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken)
    {
        var (keys, values) = Columns(parameters);
        await using var command = new NpgsqlCommand(
            "INSERT INTO params (run_id, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v) ON CONFLICT DO NOTHING",
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async ValueTask UpsertTagsAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        var (keys, values) = Columns(tags);
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO run_tags (run_id, key, value) SELECT $1, k, v FROM unnest($2::text[], $3::text[]) AS t(k, v)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value
            """,
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = values, NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.Text });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async ValueTask InsertChunksAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<MetricChunk> chunks, CancellationToken cancellationToken)
    {
        var keys = new string[chunks.Count];
        var counts = new int[chunks.Count];
        var minSteps = new long[chunks.Count];
        var maxSteps = new long[chunks.Count];
        var points = new byte[chunks.Count][];
        for (var i = 0; i < chunks.Count; i++)
        {
            (keys[i], counts[i], minSteps[i], maxSteps[i], points[i]) = (chunks[i].Key, chunks[i].PointCount, chunks[i].MinStep, chunks[i].MaxStep, chunks[i].Points);
        }
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO metric_chunks (run_id, key, point_count, min_step, max_step, points)
            SELECT $1, k, c, mn, mx, p FROM unnest($2::text[], $3::int[], $4::bigint[], $5::bigint[], $6::bytea[]) WITH ORDINALITY AS t(k, c, mn, mx, p, o) ORDER BY o
            """,
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = counts });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = minSteps });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = maxSteps });
        command.Parameters.Add(new NpgsqlParameter<byte[][]> { TypedValue = points });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected override async ValueTask UpsertLatestMetricsAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<LatestMetric> metrics, CancellationToken cancellationToken)
    {
        var keys = new string[metrics.Count];
        var values = new double[metrics.Count];
        var timestamps = new long[metrics.Count];
        var steps = new long[metrics.Count];
        var nans = new int[metrics.Count];
        for (var i = 0; i < metrics.Count; i++)
        {
            (keys[i], values[i], timestamps[i], steps[i], nans[i]) = (metrics[i].Key, metrics[i].Value, metrics[i].Timestamp, metrics[i].Step, metrics[i].IsNan ? 1 : 0);
        }
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO latest_metrics (run_id, key, value, timestamp, step, is_nan)
            SELECT $1, k, v, ts, s, n FROM unnest($2::text[], $3::float8[], $4::bigint[], $5::bigint[], $6::int[]) AS t(k, v, ts, s, n)
            ON CONFLICT (run_id, key) DO UPDATE SET value = excluded.value, timestamp = excluded.timestamp, step = excluded.step, is_nan = excluded.is_nan
            WHERE (excluded.step, excluded.timestamp, excluded.value) > (latest_metrics.step, latest_metrics.timestamp, latest_metrics.value)
            """,
            (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = runId });
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = keys });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = values });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = timestamps });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = steps });
        command.Parameters.Add(new NpgsqlParameter<int[]> { TypedValue = nans });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Keys and values as arrays, the last value winning for a repeated key (one upsert may not touch a row twice).</summary>
    private static (string[] Keys, string[] Values) Columns(IReadOnlyList<KeyValue> pairs)
    {
        var lastByKey = new Dictionary<string, string>(pairs.Count, StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            lastByKey[pair.Key] = pair.Value;
        }
        return ([.. lastByKey.Keys], [.. lastByKey.Values]);
    }
}
