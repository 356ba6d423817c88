using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Registry;

public sealed partial class SqlRegistryStore
{
    public Task SetAliasAsync(string name, string alias, long version, Actor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            var previous = await FindAliasVersionAsync(connection, transaction, id, alias, ct);
            if (previous == version)
            {
                return 0;
            }
            using (var upsert = connection.Command(
                """
                INSERT INTO registered_model_aliases (model_id, alias, version) VALUES (@m, @alias, @v)
                ON CONFLICT (model_id, alias) DO UPDATE SET version = excluded.version
                """, transaction).With("@m", id).With("@alias", alias).With("@v", version))
            {
                await upsert.ExecuteNonQueryAsync(ct);
            }
            await RecordEventAsync(connection, transaction, id, name, RegistryEventKind.AliasSet, actor, alias: alias, fromVersion: previous, toVersion: version, cancellationToken: ct);
            await TouchModelAsync(connection, transaction, id, ct);
            return 0;
        }, cancellationToken);

    public Task DeleteAliasAsync(string name, string alias, Actor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            var previous = await FindAliasVersionAsync(connection, transaction, id, alias, ct);
            if (previous is null)
            {
                return 0;
            }
            using (var delete = connection.Command("DELETE FROM registered_model_aliases WHERE model_id = @m AND alias = @alias", transaction).With("@m", id).With("@alias", alias))
            {
                await delete.ExecuteNonQueryAsync(ct);
            }
            await RecordEventAsync(connection, transaction, id, name, RegistryEventKind.AliasDeleted, actor, alias: alias, fromVersion: previous, cancellationToken: ct);
            await TouchModelAsync(connection, transaction, id, ct);
            return 0;
        }, cancellationToken);

    public Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var id = await RequireModelIdAsync(connection, null, name, ct);
            var version = await FindAliasVersionAsync(connection, null, id, alias, ct) ?? throw RegistryErrors.AliasNotFound(name, alias);
            return await RequireVersionAsync(connection, null, name, version, ct);
        }, cancellationToken);

    public Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(string name, string? alias, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<RegistryEvent>>(async (connection, ct) =>
        {
            var id = await RequireModelIdAsync(connection, null, name, ct);
            var events = new List<RegistryEvent>();
            using var command = connection.Command(
                $"""
                SELECT event_id, model_name, kind, alias, version, from_version, to_version, from_stage, to_stage, actor, client_address, timestamp
                FROM registry_events WHERE model_id = @m {(alias is null ? string.Empty : "AND alias = @alias")} ORDER BY event_id
                """).With("@m", id).With("@alias", alias);
            using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                events.Add(new RegistryEvent(
                    reader.GetInt64(0), reader.GetString(1), ParseEventKind(reader.GetString(2)), reader.GetNullableString(3),
                    reader.GetNullableInt64(4), reader.GetNullableInt64(5), reader.GetNullableInt64(6), reader.GetNullableString(7),
                    reader.GetNullableString(8), reader.GetNullableString(9), reader.GetNullableString(10), reader.GetInt64(11)));
            }
            return events;
        }, cancellationToken);

    public Task<IReadOnlyList<AliasTarget>> ListAliasTargetsAsync(string? alias, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<AliasTarget>>(async (connection, ct) =>
        {
            var targets = new List<AliasTarget>();
            using var command = connection.Command(
                $"""
                SELECT m.name, a.alias, a.version, v.storage_location, v.status
                FROM registered_model_aliases a
                JOIN registered_models m ON m.model_id = a.model_id
                JOIN model_versions v ON v.model_id = a.model_id AND v.version = a.version
                {(alias is null ? string.Empty : "WHERE a.alias = @alias")}
                ORDER BY m.name, a.alias
                """).With("@alias", alias);
            using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                targets.Add(new AliasTarget(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), reader.GetNullableString(3), ParseStatus(reader.GetString(4))));
            }
            return targets;
        }, cancellationToken);

    private static async ValueTask<long?> FindAliasVersionAsync(DbConnection connection, DbTransaction? transaction, long modelId, string alias, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT version FROM registered_model_aliases WHERE model_id = @m AND alias = @alias", transaction)
            .With("@m", modelId).With("@alias", alias);
        var version = await command.ExecuteScalarAsync(cancellationToken);
        return version is null ? null : Convert.ToInt64(version, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Records the removal of every alias of a model (or of one version) that is about to be deleted.</summary>
    private async ValueTask RecordAliasRemovalsAsync(DbConnection connection, DbTransaction transaction, long modelId, string name, long? version, Actor actor, CancellationToken cancellationToken)
    {
        var aliases = new List<(string Alias, long Version)>();
        using (var command = connection.Command(
            $"SELECT alias, version FROM registered_model_aliases WHERE model_id = @m {(version is null ? string.Empty : "AND version = @v")} ORDER BY alias", transaction)
            .With("@m", modelId).With("@v", version))
        using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                aliases.Add((reader.GetString(0), reader.GetInt64(1)));
            }
        }
        foreach (var (alias, from) in aliases)
        {
            await RecordEventAsync(connection, transaction, modelId, name, RegistryEventKind.AliasDeleted, actor, alias: alias, fromVersion: from, cancellationToken: cancellationToken);
        }
    }
}
