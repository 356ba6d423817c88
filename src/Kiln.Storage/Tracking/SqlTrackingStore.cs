using System.Data.Common;
using System.Globalization;
using System.Text;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

/// <summary>
/// The tracking store on a relational database. The SQL is written once; the subclasses supply only the
/// bulk statements whose fastest form differs between SQLite (prepared single-row statements, in process)
/// and PostgreSQL (set-based statements over arrays, one round trip).
/// </summary>
public abstract partial class SqlTrackingStore(SqlDatabase database, TimeProvider clock) : ITrackingStore
{
    protected SqlDatabase Database { get; } = database;

    protected SqlDialect Dialect => Database.Dialect;

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    protected internal readonly record struct RunRow(long Id, string RunUuid, long ExperimentId, string LifecycleStage);

    protected internal readonly record struct LatestMetric(string Key, double Value, long Timestamp, long Step, bool IsNan);

    protected internal sealed record MetricChunk(string Key, int PointCount, long MinStep, long MaxStep, byte[] Points);

    protected abstract ValueTask InsertParamsIfAbsentAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<KeyValue> parameters, CancellationToken cancellationToken);

    protected abstract ValueTask UpsertTagsAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken);

    protected abstract ValueTask InsertChunksAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<MetricChunk> chunks, CancellationToken cancellationToken);

    protected abstract ValueTask UpsertLatestMetricsAsync(DbConnection connection, DbTransaction transaction, long runId, IReadOnlyList<LatestMetric> metrics, CancellationToken cancellationToken);

    /// <summary>A row lock for read-modify-write in a transaction (nothing on SQLite, whose writer is alone).</summary>
    protected abstract string ForUpdate { get; }

    private static async ValueTask<RunRow?> FindRunAsync(DbConnection connection, DbTransaction? transaction, string runUuid, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT id, experiment_id, lifecycle_stage FROM runs WHERE run_uuid = @u", transaction).With("@u", runUuid);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        return new RunRow(reader.GetInt64(0), runUuid, reader.GetInt64(1), reader.GetString(2));
    }

    private static async ValueTask<RunRow> RequireRunAsync(DbConnection connection, DbTransaction? transaction, string runUuid, CancellationToken cancellationToken) =>
        await FindRunAsync(connection, transaction, runUuid, cancellationToken) ?? throw StoreErrors.RunNotFound(runUuid);

    private static async ValueTask<RunRow> RequireActiveRunAsync(DbConnection connection, DbTransaction transaction, string runUuid, CancellationToken cancellationToken)
    {
        var run = await RequireRunAsync(connection, transaction, runUuid, cancellationToken);
        if (run.LifecycleStage != Lifecycle.Active)
        {
            throw StoreErrors.RunNotActive(runUuid, run.LifecycleStage);
        }
        return run;
    }

    private const string RunColumns = "r.id, r.run_uuid, r.experiment_id, r.name, r.user_id, r.status, r.start_time, r.end_time, r.artifact_uri, r.lifecycle_stage";

    private static RunInfo ReadRunInfo(DbDataReader reader) => new(
        reader.GetString(1),
        reader.GetInt64(2),
        reader.GetString(3),
        reader.GetNullableString(4),
        Lifecycle.ParseStatus(reader.GetString(5)),
        reader.GetInt64(6),
        reader.GetNullableInt64(7),
        reader.GetString(8),
        Lifecycle.Parse(reader.GetString(9)));

    /// <summary>Above this many runs, params, tags, metrics and inputs are read in parallel on their own connections.</summary>
    private const int ParallelLoadThreshold = 64;

    /// <summary>Loads runs (info, params, tags, latest metrics, inputs) for internal ids, in the given order.</summary>
    private async Task<List<Run>> LoadRunsAsync(DbConnection connection, IReadOnlyList<(long Id, RunInfo Info)> runs, CancellationToken cancellationToken)
    {
        var result = new List<Run>(runs.Count);
        if (runs.Count == 0)
        {
            return result;
        }
        var index = new Dictionary<long, int>(runs.Count);
        var parameters = new List<KeyValue>[runs.Count];
        var tags = new List<KeyValue>[runs.Count];
        var metrics = new List<Metric>[runs.Count];
        var inputs = new List<DatasetInput>[runs.Count];
        for (var i = 0; i < runs.Count; i++)
        {
            index[runs[i].Id] = i;
            parameters[i] = [];
            tags[i] = [];
            metrics[i] = [];
            inputs[i] = [];
        }
        var idList = IdList(runs);
        Func<DbConnection, CancellationToken, Task>[] loads =
        [
            (c, ct) => LoadKeyValuesAsync(c, $"SELECT run_id, key, value FROM params WHERE run_id IN ({idList}) ORDER BY run_id, key", index, parameters, ct),
            (c, ct) => LoadKeyValuesAsync(c, $"SELECT run_id, key, value FROM run_tags WHERE run_id IN ({idList}) ORDER BY run_id, key", index, tags, ct),
            (c, ct) => LoadLatestMetricsAsync(c, idList, index, metrics, ct),
            (c, ct) => LoadInputsAsync(c, idList, index, inputs, ct),
        ];
        if (runs.Count < ParallelLoadThreshold)
        {
            foreach (var load in loads)
            {
                await load(connection, cancellationToken);
            }
        }
        else
        {
            // Each read is independent and fills its own arrays; on SQLite readers run truly in parallel (WAL).
            await Task.WhenAll(loads.Select(load => Task.Run(() => Database.ReadAsync(async (c, ct) =>
            {
                await load(c, ct);
                return 0;
            }, cancellationToken), cancellationToken)));
        }
        for (var i = 0; i < runs.Count; i++)
        {
            result.Add(new Run(runs[i].Info, metrics[i], parameters[i], tags[i], inputs[i]));
        }
        return result;
    }

    private static async Task LoadKeyValuesAsync(DbConnection connection, string sql, Dictionary<long, int> index, List<KeyValue>[] target, CancellationToken cancellationToken)
    {
        var keys = new KeyInterner();
        using var command = connection.Command(sql);
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            target[index[reader.GetInt64(0)]].Add(new KeyValue(keys.Get(reader.GetString(1)), reader.GetString(2)));
        }
    }

    private static async Task LoadLatestMetricsAsync(DbConnection connection, string idList, Dictionary<long, int> index, List<Metric>[] target, CancellationToken cancellationToken)
    {
        var keys = new KeyInterner();
        using var command = connection.Command($"SELECT run_id, key, value, timestamp, step, is_nan FROM latest_metrics WHERE run_id IN ({idList}) ORDER BY run_id, key");
        using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var value = reader.GetInt32(5) != 0 ? double.NaN : reader.GetDouble(2);
            target[index[reader.GetInt64(0)]].Add(new Metric(keys.Get(reader.GetString(1)), value, reader.GetInt64(3), reader.GetInt64(4)));
        }
    }

    private static async Task LoadInputsAsync(DbConnection connection, string idList, Dictionary<long, int> index, List<DatasetInput>[] inputs, CancellationToken cancellationToken)
    {
        var inputTags = new Dictionary<(long Run, long Dataset), List<KeyValue>>();
        using (var command = connection.Command($"SELECT run_id, dataset_id, key, value FROM input_tags WHERE run_id IN ({idList}) ORDER BY run_id, dataset_id, key"))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt64(0), reader.GetInt64(1));
                if (!inputTags.TryGetValue(key, out var list))
                {
                    inputTags[key] = list = [];
                }
                list.Add(new KeyValue(reader.GetString(2), reader.GetString(3)));
            }
        }
        using (var command = connection.Command(
            $"""
            SELECT i.run_id, i.dataset_id, d.name, d.digest, d.source_type, d.source, d.schema, d.profile
            FROM run_inputs i JOIN datasets d ON d.id = i.dataset_id
            WHERE i.run_id IN ({idList}) ORDER BY i.run_id, i.position
            """))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var runId = reader.GetInt64(0);
                var datasetId = reader.GetInt64(1);
                var dataset = new Dataset(reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5), reader.GetNullableString(6), reader.GetNullableString(7));
                inputs[index[runId]].Add(new DatasetInput(dataset, inputTags.TryGetValue((runId, datasetId), out var tagList) ? tagList : []));
            }
        }
    }

    private static string IdList(IReadOnlyList<(long Id, RunInfo Info)> runs)
    {
        var builder = new StringBuilder(runs.Count * 8);
        for (var i = 0; i < runs.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }
            builder.Append(runs[i].Id.ToString(CultureInfo.InvariantCulture));
        }
        return builder.ToString();
    }

    /// <summary>Reuses one string per distinct key while materializing many runs, which share key names.</summary>
    private sealed class KeyInterner
    {
        private readonly Dictionary<string, string> _keys = new(StringComparer.Ordinal);

        public string Get(string key)
        {
            if (_keys.TryGetValue(key, out var existing))
            {
                return existing;
            }
            _keys[key] = key;
            return key;
        }
    }
}
