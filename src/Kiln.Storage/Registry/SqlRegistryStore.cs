using System.Data.Common;
using System.Globalization;
using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Registry;

/// <summary>The model registry on a relational database; one SQL text serves SQLite and PostgreSQL.</summary>
public sealed partial class SqlRegistryStore(SqlDatabase database, TimeProvider clock) : IRegistryStore
{
    public const string StageNone = "None";
    public const string StageArchived = "Archived";

    private long Now() => clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static async ValueTask<long> RequireModelIdAsync(DbConnection connection, DbTransaction? transaction, string name, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT model_id FROM registered_models WHERE name = @name", transaction).With("@name", name);
        var id = await command.ExecuteScalarAsync(cancellationToken);
        return id is null ? throw RegistryErrors.ModelNotFound(name) : Convert.ToInt64(id, CultureInfo.InvariantCulture);
    }

    private static async ValueTask<string> RequireVersionStageAsync(DbConnection connection, DbTransaction? transaction, long modelId, string name, long version, CancellationToken cancellationToken)
    {
        using var command = connection.Command("SELECT current_stage FROM model_versions WHERE model_id = @m AND version = @v", transaction)
            .With("@m", modelId).With("@v", version);
        return await command.ExecuteScalarAsync(cancellationToken) as string ?? throw RegistryErrors.VersionNotFound(name, version);
    }

    private async ValueTask TouchModelAsync(DbConnection connection, DbTransaction transaction, long modelId, CancellationToken cancellationToken)
    {
        using var command = connection.Command("UPDATE registered_models SET last_updated_time = @now WHERE model_id = @m", transaction)
            .With("@now", Now()).With("@m", modelId);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async ValueTask TouchVersionAsync(DbConnection connection, DbTransaction transaction, long modelId, long version, CancellationToken cancellationToken)
    {
        using var command = connection.Command("UPDATE model_versions SET last_updated_time = @now WHERE model_id = @m AND version = @v", transaction)
            .With("@now", Now()).With("@m", modelId).With("@v", version);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async ValueTask RecordEventAsync(DbConnection connection, DbTransaction transaction, long modelId, string modelName, RegistryEventKind kind, Actor actor,
        string? alias = null, long? version = null, long? fromVersion = null, long? toVersion = null, string? fromStage = null, string? toStage = null, CancellationToken cancellationToken = default)
    {
        using var command = connection.Command(
            """
            INSERT INTO registry_events (model_id, model_name, kind, alias, version, from_version, to_version, from_stage, to_stage, actor, client_address, timestamp)
            VALUES (@m, @name, @kind, @alias, @version, @from, @to, @fromStage, @toStage, @actor, @address, @now)
            """, transaction)
            .With("@m", modelId).With("@name", modelName).With("@kind", EventKindText(kind)).With("@alias", alias).With("@version", version)
            .With("@from", fromVersion).With("@to", toVersion).With("@fromStage", fromStage).With("@toStage", toStage)
            .With("@actor", actor.User).With("@address", actor.Address).With("@now", Now());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string EventKindText(RegistryEventKind kind) => kind switch
    {
        RegistryEventKind.AliasSet => "alias_set",
        RegistryEventKind.AliasDeleted => "alias_deleted",
        _ => "stage_transition",
    };

    internal static RegistryEventKind ParseEventKind(string text) => text switch
    {
        "alias_set" => RegistryEventKind.AliasSet,
        "alias_deleted" => RegistryEventKind.AliasDeleted,
        _ => RegistryEventKind.StageTransition,
    };

    internal static string StatusText(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    internal static ModelVersionStatus ParseStatus(string text) => text switch
    {
        "PENDING_REGISTRATION" => ModelVersionStatus.PendingRegistration,
        "FAILED_REGISTRATION" => ModelVersionStatus.FailedRegistration,
        _ => ModelVersionStatus.Ready,
    };

    private static string InList(IEnumerable<long> ids) => string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture)));
}
