using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Registry;

public sealed partial class SqlRegistryStore
{
    public Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, version.Name, ct);
            long number;
            // The counter row is the lock: concurrent creates get consecutive numbers, never the same one.
            using (var next = connection.Command("UPDATE registered_models SET next_version = next_version + 1, last_updated_time = @now WHERE model_id = @id RETURNING next_version - 1", transaction)
                .With("@now", Now()).With("@id", id))
            {
                number = await next.ExecuteInt64Async(ct);
            }
            var now = Now();
            using (var insert = connection.Command(
                """
                INSERT INTO model_versions (model_id, version, creation_time, last_updated_time, description, user_id, current_stage, source, run_id, run_link, status)
                VALUES (@id, @version, @now, @now, @description, @user, 'None', @source, @run, @link, 'PENDING_REGISTRATION')
                """, transaction)
                .With("@id", id).With("@version", number).With("@now", now).With("@description", version.Description).With("@user", version.UserId)
                .With("@source", version.Source).With("@run", version.RunId).With("@link", version.RunLink))
            {
                await insert.ExecuteNonQueryAsync(ct);
            }
            foreach (var tag in version.Tags)
            {
                await UpsertVersionTagAsync(connection, transaction, id, number, tag, ct);
            }
            return await RequireVersionAsync(connection, transaction, version.Name, number, ct);
        }, cancellationToken);

    public Task<ModelVersion?> GetModelVersionAsync(string name, long version, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var versions = await LoadVersionsAsync(connection, null, "WHERE m.name = @name AND v.version = @v", c => c.With("@name", name).With("@v", version), ct);
            return versions.Count == 0 ? null : versions[0];
        }, cancellationToken);

    public Task<ModelVersion> UpdateModelVersionAsync(string name, long version, string? description, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            using (var update = connection.Command("UPDATE model_versions SET description = @d, last_updated_time = @now WHERE model_id = @m AND version = @v", transaction)
                .With("@d", description).With("@now", Now()).With("@m", id).With("@v", version))
            {
                await update.ExecuteNonQueryAsync(ct);
            }
            return await RequireVersionAsync(connection, transaction, name, version, ct);
        }, cancellationToken);

    public Task<ModelVersion> CompleteRegistrationAsync(string name, long version, ModelVersionStatus status, string? statusMessage, string? storageLocation, string? modelMetadata, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            using (var update = connection.Command(
                """
                UPDATE model_versions SET status = @status, status_message = @message, storage_location = @location, model_metadata = @metadata, last_updated_time = @now
                WHERE model_id = @m AND version = @v
                """, transaction)
                .With("@status", StatusText(status)).With("@message", statusMessage).With("@location", storageLocation).With("@metadata", modelMetadata)
                .With("@now", Now()).With("@m", id).With("@v", version))
            {
                await update.ExecuteNonQueryAsync(ct);
            }
            return await RequireVersionAsync(connection, transaction, name, version, ct);
        }, cancellationToken);

    public Task DeleteModelVersionAsync(string name, long version, Actor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            await RecordAliasRemovalsAsync(connection, transaction, id, name, version, actor, ct);
            using (var delete = connection.Command(
                """
                DELETE FROM registered_model_aliases WHERE model_id = @m AND version = @v;
                DELETE FROM model_version_tags WHERE model_id = @m AND version = @v;
                DELETE FROM model_versions WHERE model_id = @m AND version = @v;
                """, transaction).With("@m", id).With("@v", version))
            {
                await delete.ExecuteNonQueryAsync(ct);
            }
            await TouchModelAsync(connection, transaction, id, ct);
            return 0;
        }, cancellationToken);

    public Task<Page<ModelVersion>> SearchModelVersionsAsync(RegistrySearchQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var sql = RegistrySearchSql.ForVersions(database.Dialect, query);
            var versions = await LoadVersionsAsync(connection, null, sql.Text, sql.Bind, ct);
            var next = Paging.TrimLookAhead(versions, query.MaxResults, query.Offset);
            return new Page<ModelVersion>(versions, next);
        }, cancellationToken);

    public Task SetModelVersionTagAsync(string name, long version, KeyValue tag, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            await UpsertVersionTagAsync(connection, transaction, id, version, tag, ct);
            await TouchVersionAsync(connection, transaction, id, version, ct);
            return 0;
        }, cancellationToken);

    public Task DeleteModelVersionTagAsync(string name, long version, string key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            using var delete = connection.Command("DELETE FROM model_version_tags WHERE model_id = @m AND version = @v AND key = @key", transaction)
                .With("@m", id).With("@v", version).With("@key", key);
            if (await delete.ExecuteNonQueryAsync(ct) == 0)
            {
                return 0;
            }
            await TouchVersionAsync(connection, transaction, id, version, ct);
            return 0;
        }, cancellationToken);

    public Task<ModelVersion> TransitionStageAsync(string name, long version, string stage, bool archiveExistingVersions, Actor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            var fromStage = await RequireVersionStageAsync(connection, transaction, id, name, version, ct);
            if (archiveExistingVersions)
            {
                var others = new List<long>();
                using (var select = connection.Command("SELECT version FROM model_versions WHERE model_id = @m AND current_stage = @stage AND version <> @v ORDER BY version", transaction)
                    .With("@m", id).With("@stage", stage).With("@v", version))
                using (var reader = await select.ExecuteReaderAsync(ct))
                {
                    while (await reader.ReadAsync(ct))
                    {
                        others.Add(reader.GetInt64(0));
                    }
                }
                foreach (var other in others)
                {
                    await SetStageAsync(connection, transaction, id, other, StageArchived, ct);
                    await RecordEventAsync(connection, transaction, id, name, RegistryEventKind.StageTransition, actor,
                        version: other, fromStage: stage, toStage: StageArchived, cancellationToken: ct);
                }
            }
            await SetStageAsync(connection, transaction, id, version, stage, ct);
            await RecordEventAsync(connection, transaction, id, name, RegistryEventKind.StageTransition, actor,
                version: version, fromStage: fromStage, toStage: stage, cancellationToken: ct);
            await TouchModelAsync(connection, transaction, id, ct);
            return await RequireVersionAsync(connection, transaction, name, version, ct);
        }, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ModelVersion>>(async (connection, ct) =>
        {
            var id = await RequireModelIdAsync(connection, null, name, ct);
            var latest = await LoadLatestVersionsAsync(connection, null, InList([id]), stages, ct);
            return latest.TryGetValue(name, out var versions) ? versions : [];
        }, cancellationToken);

    public Task<IReadOnlyList<ModelVersion>> GetModelVersionsForRunAsync(string runId, CancellationToken cancellationToken) =>
        database.ReadAsync<IReadOnlyList<ModelVersion>>(async (connection, ct) =>
            await LoadVersionsAsync(connection, null, "WHERE v.run_id = @run ORDER BY m.name, v.version", c => c.With("@run", runId), ct), cancellationToken);

    private async ValueTask SetStageAsync(DbConnection connection, DbTransaction transaction, long modelId, long version, string stage, CancellationToken cancellationToken)
    {
        using var update = connection.Command("UPDATE model_versions SET current_stage = @stage, last_updated_time = @now WHERE model_id = @m AND version = @v", transaction)
            .With("@stage", stage).With("@now", Now()).With("@m", modelId).With("@v", version);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async ValueTask<ModelVersion> RequireVersionAsync(DbConnection connection, DbTransaction? transaction, string name, long version, CancellationToken cancellationToken)
    {
        var versions = await LoadVersionsAsync(connection, transaction, "WHERE m.name = @name AND v.version = @v", c => c.With("@name", name).With("@v", version), cancellationToken);
        return versions.Count == 0 ? throw RegistryErrors.VersionNotFound(name, version) : versions[0];
    }

    private static async ValueTask UpsertVersionTagAsync(DbConnection connection, DbTransaction transaction, long modelId, long version, KeyValue tag, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            """
            INSERT INTO model_version_tags (model_id, version, key, value) VALUES (@m, @v, @key, @value)
            ON CONFLICT (model_id, version, key) DO UPDATE SET value = excluded.value
            """, transaction).With("@m", modelId).With("@v", version).With("@key", tag.Key).With("@value", tag.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
