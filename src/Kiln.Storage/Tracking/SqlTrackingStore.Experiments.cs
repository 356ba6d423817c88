using System.Data.Common;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

public abstract partial class SqlTrackingStore
{
    public const string DefaultExperimentName = "Default";

    public Task EnsureDefaultExperimentAsync(string artifactLocation, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var now = Now();
            using var command = connection.Command(
                """
                INSERT INTO experiments (experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                VALUES (0, @name, @location, 'active', @now, @now)
                ON CONFLICT DO NOTHING
                """, transaction)
                .With("@name", DefaultExperimentName).With("@location", artifactLocation).With("@now", now);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task<long> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<KeyValue> tags, Func<long, string> defaultArtifactLocation, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            using (var exists = connection.Command("SELECT 1 FROM experiments WHERE name = @name", transaction).With("@name", name))
            {
                if (await exists.ExecuteScalarAsync(ct) is not null)
                {
                    throw StoreErrors.ExperimentExists(name);
                }
            }
            var now = Now();
            long id;
            using (var insert = connection.Command(
                """
                INSERT INTO experiments (name, artifact_location, lifecycle_stage, creation_time, last_update_time)
                VALUES (@name, @location, 'active', @now, @now) RETURNING experiment_id
                """, transaction).With("@name", name).With("@location", artifactLocation ?? string.Empty).With("@now", now))
            {
                id = await insert.ExecuteInt64Async(ct);
            }
            if (artifactLocation is null)
            {
                using var update = connection.Command("UPDATE experiments SET artifact_location = @location WHERE experiment_id = @id", transaction)
                    .With("@location", defaultArtifactLocation(id)).With("@id", id);
                await update.ExecuteNonQueryAsync(ct);
            }
            foreach (var tag in tags)
            {
                await SetExperimentTagAsync(connection, transaction, id, tag, ct);
            }
            return id;
        }, cancellationToken);

    public Task<Experiment?> GetExperimentAsync(long experimentId, CancellationToken cancellationToken) =>
        Database.ReadAsync(async (connection, ct) =>
        {
            var experiments = await LoadExperimentsAsync(connection, "WHERE experiment_id = @id", c => c.With("@id", experimentId), ct);
            return experiments.Count == 0 ? null : experiments[0];
        }, cancellationToken);

    public Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        Database.ReadAsync(async (connection, ct) =>
        {
            var experiments = await LoadExperimentsAsync(connection, "WHERE name = @name", c => c.With("@name", name), ct);
            return experiments.Count == 0 ? null : experiments[0];
        }, cancellationToken);

    public Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearchQuery query, CancellationToken cancellationToken) =>
        Database.ReadAsync(async (connection, ct) =>
        {
            var sql = new ExperimentSearchSql(Dialect).Build(query);
            var experiments = await LoadExperimentsAsync(connection, sql.Text, sql.Bind, ct);
            var next = Paging.TrimLookAhead(experiments, query.MaxResults, query.Offset);
            return new Page<Experiment>(experiments, next);
        }, cancellationToken);

    public Task DeleteExperimentAsync(long experimentId, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var stage = await RequireExperimentStageAsync(connection, transaction, experimentId, ct);
            if (stage != Lifecycle.Active)
            {
                throw StoreErrors.ExperimentNotFound(experimentId);
            }
            var now = Now();
            using var command = connection.Command(
                """
                UPDATE experiments SET lifecycle_stage = 'deleted', deleted_time = @now, last_update_time = @now WHERE experiment_id = @id;
                UPDATE runs SET lifecycle_stage = 'deleted', deleted_time = @now WHERE experiment_id = @id AND lifecycle_stage = 'active';
                """, transaction).With("@id", experimentId).With("@now", now);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task RestoreExperimentAsync(long experimentId, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var stage = await RequireExperimentStageAsync(connection, transaction, experimentId, ct);
            if (stage != Lifecycle.Deleted)
            {
                throw StoreErrors.ExperimentNotFound(experimentId);
            }
            // Runs deleted together with the experiment come back with it; runs deleted on their own stay deleted.
            using var command = connection.Command(
                """
                UPDATE runs SET lifecycle_stage = 'active', deleted_time = NULL
                WHERE experiment_id = @id AND lifecycle_stage = 'deleted'
                  AND deleted_time = (SELECT deleted_time FROM experiments WHERE experiment_id = @id);
                UPDATE experiments SET lifecycle_stage = 'active', deleted_time = NULL, last_update_time = @now WHERE experiment_id = @id;
                """, transaction).With("@id", experimentId).With("@now", Now());
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task RenameExperimentAsync(long experimentId, string newName, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var stage = await RequireExperimentStageAsync(connection, transaction, experimentId, ct);
            if (stage != Lifecycle.Active)
            {
                throw StoreErrors.CannotRenameInactive();
            }
            using (var exists = connection.Command("SELECT experiment_id FROM experiments WHERE name = @name", transaction).With("@name", newName))
            {
                var existing = await exists.ExecuteScalarAsync(ct);
                if (existing is not null && Convert.ToInt64(existing, System.Globalization.CultureInfo.InvariantCulture) != experimentId)
                {
                    throw StoreErrors.ExperimentExists(newName);
                }
            }
            using var command = connection.Command("UPDATE experiments SET name = @name, last_update_time = @now WHERE experiment_id = @id", transaction)
                .With("@name", newName).With("@now", Now()).With("@id", experimentId);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);

    public Task SetExperimentTagAsync(long experimentId, KeyValue tag, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var stage = await RequireExperimentStageAsync(connection, transaction, experimentId, ct);
            if (stage != Lifecycle.Active)
            {
                throw StoreErrors.ExperimentNotActive(experimentId, stage);
            }
            await SetExperimentTagAsync(connection, transaction, experimentId, tag, ct);
            return 0;
        }, cancellationToken);

    public Task DeleteExperimentTagAsync(long experimentId, string key, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var stage = await RequireExperimentStageAsync(connection, transaction, experimentId, ct);
            if (stage != Lifecycle.Active)
            {
                throw StoreErrors.ExperimentNotActive(experimentId, stage);
            }
            using var command = connection.Command("DELETE FROM experiment_tags WHERE experiment_id = @id AND key = @key", transaction)
                .With("@id", experimentId).With("@key", key);
            if (await command.ExecuteNonQueryAsync(ct) == 0)
            {
                throw StoreErrors.ExperimentTagNotFound(key, experimentId);
            }
            return 0;
        }, cancellationToken);

    private static async ValueTask SetExperimentTagAsync(DbConnection connection, DbTransaction transaction, long experimentId, KeyValue tag, CancellationToken cancellationToken)
    {
        using var command = connection.Command(
            """
            INSERT INTO experiment_tags (experiment_id, key, value) VALUES (@id, @key, @value)
            ON CONFLICT (experiment_id, key) DO UPDATE SET value = excluded.value
            """, transaction).With("@id", experimentId).With("@key", tag.Key).With("@value", tag.Value);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async ValueTask<string> RequireExperimentStageAsync(DbConnection connection, DbTransaction transaction, long experimentId, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT lifecycle_stage FROM experiments WHERE experiment_id = @id", transaction).With("@id", experimentId);
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? throw StoreErrors.ExperimentNotFound(experimentId);
    }

    private static async Task<List<Experiment>> LoadExperimentsAsync(DbConnection connection, string whereAndOrder, Action<DbCommand> bind, CancellationToken cancellationToken)
    {
        var rows = new List<(long Id, string Name, string Location, string Stage, long Created, long Updated)>();
        using (var command = connection.Command(
            $"SELECT experiment_id, name, artifact_location, lifecycle_stage, creation_time, last_update_time FROM experiments e {whereAndOrder}"))
        {
            bind(command);
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt64(4), reader.GetInt64(5)));
            }
        }
        var tags = new Dictionary<long, List<KeyValue>>();
        if (rows.Count > 0)
        {
            var ids = string.Join(',', rows.Select(r => r.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            using var command = connection.Command($"SELECT experiment_id, key, value FROM experiment_tags WHERE experiment_id IN ({ids}) ORDER BY experiment_id, key");
            using var reader = await command.ExecuteReaderAsync(cancellationToken);
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
        return rows.Select(r => new Experiment(r.Id, r.Name, r.Location, Lifecycle.Parse(r.Stage), r.Created, r.Updated,
            tags.TryGetValue(r.Id, out var list) ? list : [])).ToList();
    }
}
