using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Registry;

public sealed partial class SqlRegistryStore
{
    private const string VersionColumns =
        "m.name, v.version, v.creation_time, v.last_updated_time, v.user_id, v.current_stage, v.description, v.source, v.run_id, v.status, v.status_message, v.run_link, v.storage_location, v.model_metadata, v.model_id";

    /// <summary>Loads versions matching a WHERE/ORDER tail over <c>model_versions v JOIN registered_models m</c>, with their tags and aliases.</summary>
    private static async Task<List<ModelVersion>> LoadVersionsAsync(DbConnection connection, DbTransaction? transaction, string tail, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var rows = new List<(long ModelId, ModelVersion Version)>();
        using (var command = connection.Command($"SELECT {VersionColumns} FROM model_versions v JOIN registered_models m ON m.model_id = v.model_id {tail}", transaction))
        {
            bind(command);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(14), new ModelVersion(
                    reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetNullableString(4),
                    reader.GetString(5), reader.GetNullableString(6), reader.GetString(7), reader.GetNullableString(8),
                    ParseStatus(reader.GetString(9)), reader.GetNullableString(10), [], reader.GetNullableString(11), [],
                    reader.GetNullableString(12), reader.GetNullableString(13))));
            }
        }
        if (rows.Count == 0)
        {
            return [];
        }
        var modelIds = InList(rows.Select(r => r.ModelId).Distinct());
        var tags = new Dictionary<(long, long), List<KeyValue>>();
        using (var command = connection.Command($"SELECT model_id, version, key, value FROM model_version_tags WHERE model_id IN ({modelIds}) ORDER BY key", transaction))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt64(0), reader.GetInt64(1));
                if (!tags.TryGetValue(key, out var list))
                {
                    tags[key] = list = [];
                }
                list.Add(new KeyValue(reader.GetString(2), reader.GetString(3)));
            }
        }
        var aliases = new Dictionary<(long, long), List<string>>();
        using (var command = connection.Command($"SELECT model_id, version, alias FROM registered_model_aliases WHERE model_id IN ({modelIds}) ORDER BY alias", transaction))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var key = (reader.GetInt64(0), reader.GetInt64(1));
                if (!aliases.TryGetValue(key, out var list))
                {
                    aliases[key] = list = [];
                }
                list.Add(reader.GetString(2));
            }
        }
        return rows.Select(r => r.Version with
        {
            Tags = tags.TryGetValue((r.ModelId, r.Version.Version), out var t) ? t : [],
            Aliases = aliases.TryGetValue((r.ModelId, r.Version.Version), out var a) ? a : [],
        }).ToList();
    }

    /// <summary>Loads registered models matching a WHERE/ORDER tail over <c>registered_models m</c>, with latest versions, tags and aliases.</summary>
    private static async Task<List<RegisteredModel>> LoadModelsAsync(DbConnection connection, DbTransaction? transaction, string tail, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, RegisteredModel Model)>();
        using (var command = connection.Command($"SELECT m.model_id, m.name, m.creation_time, m.last_updated_time, m.user_id, m.description FROM registered_models m {tail}", transaction))
        {
            bind(command);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), new RegisteredModel(reader.GetString(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetNullableString(4), reader.GetNullableString(5), [], [], [])));
            }
        }
        if (rows.Count == 0)
        {
            return [];
        }
        var ids = InList(rows.Select(r => r.Id));
        var tags = new Dictionary<long, List<KeyValue>>();
        using (var command = connection.Command($"SELECT model_id, key, value FROM registered_model_tags WHERE model_id IN ({ids}) ORDER BY key", transaction))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (!tags.TryGetValue(id, out var list))
                {
                    tags[id] = list = [];
                }
                list.Add(new KeyValue(reader.GetString(1), reader.GetString(2)));
            }
        }
        var aliases = new Dictionary<long, List<ModelAlias>>();
        using (var command = connection.Command($"SELECT model_id, alias, version FROM registered_model_aliases WHERE model_id IN ({ids}) ORDER BY alias", transaction))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                if (!aliases.TryGetValue(id, out var list))
                {
                    aliases[id] = list = [];
                }
                list.Add(new ModelAlias(reader.GetString(1), reader.GetInt64(2)));
            }
        }
        var latest = await LoadLatestVersionsAsync(connection, transaction, ids, null, cancellationToken);
        return rows.Select(r => r.Model with
        {
            Tags = tags.TryGetValue(r.Id, out var t) ? t : [],
            Aliases = aliases.TryGetValue(r.Id, out var a) ? a : [],
            LatestVersions = latest.TryGetValue(r.Model.Name, out var l) ? l : [],
        }).ToList();
    }

    /// <summary>
    /// The latest version in each stage, per model. Stages are listed in the order their first version
    /// appeared, which is the order MLflow's registry reports them in.
    /// </summary>
    private static async Task<Dictionary<string, List<ModelVersion>>> LoadLatestVersionsAsync(DbConnection connection, DbTransaction? transaction, string modelIds, IReadOnlyList<string>? stages, CancellationToken cancellationToken)
    {
        var versions = await LoadVersionsAsync(connection, transaction, $"WHERE v.model_id IN ({modelIds}) ORDER BY v.model_id, v.version", _ => { }, cancellationToken);
        var result = new Dictionary<string, List<ModelVersion>>(StringComparer.Ordinal);
        foreach (var model in versions.GroupBy(v => v.Name))
        {
            var latestByStage = new Dictionary<string, ModelVersion>(StringComparer.Ordinal);
            var stageOrder = new List<string>();
            foreach (var version in model)
            {
                if (!latestByStage.ContainsKey(version.CurrentStage))
                {
                    stageOrder.Add(version.CurrentStage);
                }
                latestByStage[version.CurrentStage] = version;
            }
            var ordered = stages is null
                ? stageOrder.Select(s => latestByStage[s])
                : stages.Where(latestByStage.ContainsKey).Select(s => latestByStage[s]);
            result[model.Key] = ordered.ToList();
        }
        return result;
    }
}
