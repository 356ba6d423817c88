using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Registry;

public sealed partial class SqlRegistryStore
{
    public Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<KeyValue> tags, string? description, string? userId, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            using (var exists = connection.Command("SELECT 1 FROM registered_models WHERE name = @name", transaction).With("@name", name))
            {
                if (await exists.ExecuteScalarAsync(ct) is not null)
                {
                    throw RegistryErrors.ModelExists(name);
                }
            }
            var now = Now();
            long id;
            using (var insert = connection.Command(
                """
                INSERT INTO registered_models (name, creation_time, last_updated_time, description, user_id, next_version)
                VALUES (@name, @now, @now, @description, @user, 1) RETURNING model_id
                """, transaction).With("@name", name).With("@now", now).With("@description", description).With("@user", userId))
            {
                id = await insert.ExecuteInt64Async(ct);
            }
            foreach (var tag in tags)
            {
                await UpsertModelTagAsync(connection, transaction, id, tag, ct);
            }
            var models = await LoadModelsAsync(connection, transaction, "WHERE m.model_id = @id", c => c.With("@id", id), ct);
            return models[0];
        }, cancellationToken);

    public Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var models = await LoadModelsAsync(connection, null, "WHERE m.name = @name", c => c.With("@name", name), ct);
            return models.Count == 0 ? null : models[0];
        }, cancellationToken);

    public Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            if (!string.Equals(name, newName, StringComparison.Ordinal))
            {
                using var exists = connection.Command("SELECT 1 FROM registered_models WHERE name = @name", transaction).With("@name", newName);
                if (await exists.ExecuteScalarAsync(ct) is not null)
                {
                    throw RegistryErrors.ModelExists(newName);
                }
            }
            using (var update = connection.Command("UPDATE registered_models SET name = @name, last_updated_time = @now WHERE model_id = @id", transaction)
                .With("@name", newName).With("@now", Now()).With("@id", id))
            {
                await update.ExecuteNonQueryAsync(ct);
            }
            var models = await LoadModelsAsync(connection, transaction, "WHERE m.model_id = @id", c => c.With("@id", id), ct);
            return models[0];
        }, cancellationToken);

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            using (var update = connection.Command("UPDATE registered_models SET description = @description, last_updated_time = @now WHERE model_id = @id", transaction)
                .With("@description", description).With("@now", Now()).With("@id", id))
            {
                await update.ExecuteNonQueryAsync(ct);
            }
            var models = await LoadModelsAsync(connection, transaction, "WHERE m.model_id = @id", c => c.With("@id", id), ct);
            return models[0];
        }, cancellationToken);

    public Task DeleteRegisteredModelAsync(string name, Actor actor, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await RecordAliasRemovalsAsync(connection, transaction, id, name, null, actor, ct);
            using var delete = connection.Command(
                """
                DELETE FROM registered_model_aliases WHERE model_id = @id;
                DELETE FROM model_version_tags WHERE model_id = @id;
                DELETE FROM model_versions WHERE model_id = @id;
                DELETE FROM registered_model_tags WHERE model_id = @id;
                DELETE FROM registered_models WHERE model_id = @id;
                """, transaction).With("@id", id);
            return await delete.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegistrySearchQuery query, CancellationToken cancellationToken) =>
        database.ReadAsync(async (connection, ct) =>
        {
            var sql = RegistrySearchSql.ForModels(database.Dialect, query);
            var models = await LoadModelsAsync(connection, null, sql.Text, sql.Bind, ct);
            var next = Paging.TrimLookAhead(models, query.MaxResults, query.Offset);
            return new Page<RegisteredModel>(models, next);
        }, cancellationToken);

    public Task SetRegisteredModelTagAsync(string name, KeyValue tag, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            await UpsertModelTagAsync(connection, transaction, id, tag, ct);
            await TouchModelAsync(connection, transaction, id, ct);
            return 0;
        }, cancellationToken);

    public Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken) =>
        database.WriteAsync(async (connection, transaction, ct) =>
        {
            var id = await RequireModelIdAsync(connection, transaction, name, ct);
            using var delete = connection.Command("DELETE FROM registered_model_tags WHERE model_id = @id AND key = @key", transaction).With("@id", id).With("@key", key);
            if (await delete.ExecuteNonQueryAsync(ct) == 0)
            {
                return 0;
            }
            await TouchModelAsync(connection, transaction, id, ct);
            return 0;
        }, cancellationToken);

    private static async ValueTask UpsertModelTagAsync(System.Data.Common.DbConnection connection, System.Data.Common.DbTransaction transaction, long modelId, KeyValue tag, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            """
            INSERT INTO registered_model_tags (model_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (model_id, key) DO UPDATE SET value = excluded.value
            """, transaction).With("@id", modelId).With("@key", tag.Key).With("@value", tag.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
