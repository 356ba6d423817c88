namespace Kiln.Storage.Entities;

public enum ModelVersionStatus
{
    PendingRegistration,
    FailedRegistration,
    Ready,
}

public readonly record struct ModelAlias(string Alias, long Version);

public sealed record ModelVersion(
    string Name,
    long Version,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string CurrentStage,
    string? Description,
    string Source,
    string? RunId,
    ModelVersionStatus Status,
    string? StatusMessage,
    IReadOnlyList<KeyValue> Tags,
    string? RunLink,
    IReadOnlyList<string> Aliases,
    string? StorageLocation,
    string? ModelMetadata);

public sealed record RegisteredModel(
    string Name,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    string? UserId,
    string? Description,
    IReadOnlyList<ModelVersion> LatestVersions,
    IReadOnlyList<KeyValue> Tags,
    IReadOnlyList<ModelAlias> Aliases);

public enum RegistryEventKind
{
    AliasSet,
    AliasDeleted,
    StageTransition,
}

/// <summary>One entry in the audit history: an alias moved or removed, or a version changed stage.</summary>
public sealed record RegistryEvent(
    long EventId,
    string ModelName,
    RegistryEventKind Kind,
    string? Alias,
    long? Version,
    long? FromVersion,
    long? ToVersion,
    string? FromStage,
    string? ToStage,
    string? Actor,
    string? ClientAddress,
    long Timestamp);

/// <summary>Who made a change and from where, recorded in audit history.</summary>
public readonly record struct Actor(string? User, string? Address);

/// <summary>An alias and the version it points at, with what serving needs to load it.</summary>
public sealed record AliasTarget(string ModelName, string Alias, long Version, string? StorageLocation, ModelVersionStatus Status);
