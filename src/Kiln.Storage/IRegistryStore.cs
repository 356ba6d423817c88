using Kiln.Storage.Entities;
using Kiln.Storage.Queries;

namespace Kiln.Storage;

/// <summary>Registered models, their versions, tags, stages and aliases, and the audit history of alias and stage changes.</summary>
public interface IRegistryStore
{
    Task<RegisteredModel> CreateRegisteredModelAsync(string name, IReadOnlyList<KeyValue> tags, string? description, string? userId, CancellationToken cancellationToken);

    Task<RegisteredModel?> GetRegisteredModelAsync(string name, CancellationToken cancellationToken);

    Task<RegisteredModel> RenameRegisteredModelAsync(string name, string newName, CancellationToken cancellationToken);

    Task<RegisteredModel> UpdateRegisteredModelAsync(string name, string? description, CancellationToken cancellationToken);

    Task DeleteRegisteredModelAsync(string name, Actor actor, CancellationToken cancellationToken);

    Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(RegistrySearchQuery query, CancellationToken cancellationToken);

    Task SetRegisteredModelTagAsync(string name, KeyValue tag, CancellationToken cancellationToken);

    Task DeleteRegisteredModelTagAsync(string name, string key, CancellationToken cancellationToken);

    Task<ModelVersion> CreateModelVersionAsync(NewModelVersion version, CancellationToken cancellationToken);

    Task<ModelVersion?> GetModelVersionAsync(string name, long version, CancellationToken cancellationToken);

    Task<ModelVersion> UpdateModelVersionAsync(string name, long version, string? description, CancellationToken cancellationToken);

    /// <summary>Records the outcome of resolving a version's source: READY with its location and MLmodel, or FAILED_REGISTRATION with why.</summary>
    Task<ModelVersion> CompleteRegistrationAsync(string name, long version, ModelVersionStatus status, string? statusMessage, string? storageLocation, string? modelMetadata, CancellationToken cancellationToken);

    Task DeleteModelVersionAsync(string name, long version, Actor actor, CancellationToken cancellationToken);

    Task<Page<ModelVersion>> SearchModelVersionsAsync(RegistrySearchQuery query, CancellationToken cancellationToken);

    Task SetModelVersionTagAsync(string name, long version, KeyValue tag, CancellationToken cancellationToken);

    Task DeleteModelVersionTagAsync(string name, long version, string key, CancellationToken cancellationToken);

    Task<ModelVersion> TransitionStageAsync(string name, long version, string stage, bool archiveExistingVersions, Actor actor, CancellationToken cancellationToken);

    Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string name, IReadOnlyList<string>? stages, CancellationToken cancellationToken);

    Task SetAliasAsync(string name, string alias, long version, Actor actor, CancellationToken cancellationToken);

    Task DeleteAliasAsync(string name, string alias, Actor actor, CancellationToken cancellationToken);

    Task<ModelVersion> GetModelVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken);

    Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(string name, string? alias, CancellationToken cancellationToken);

    /// <summary>Every alias of every model (or only those named <paramref name="alias"/>), for serving to follow.</summary>
    Task<IReadOnlyList<AliasTarget>> ListAliasTargetsAsync(string? alias, CancellationToken cancellationToken);

    /// <summary>Versions created from a run, for lineage.</summary>
    Task<IReadOnlyList<ModelVersion>> GetModelVersionsForRunAsync(string runId, CancellationToken cancellationToken);
}

public sealed record NewModelVersion(string Name, string Source, string? RunId, IReadOnlyList<KeyValue> Tags, string? RunLink, string? Description, string? UserId);
