namespace Kiln.Client.Json;

// Request and answer bodies of MLflow's model registry API and Kiln's own API.

internal sealed record CreateRegisteredModelRequest(string Name, string? Description, IReadOnlyList<KeyValue>? Tags);

internal sealed record RegisteredModelResponse(RegisteredModel RegisteredModel);

internal sealed record ModelNameRequest(string Name);

internal sealed record SearchRegisteredModelsResponse(IReadOnlyList<RegisteredModel>? RegisteredModels, string? NextPageToken);

internal sealed record CreateModelVersionRequest(string Name, string Source, string? RunId, string? Description, IReadOnlyList<KeyValue>? Tags);

internal sealed record ModelVersionResponse(ModelVersion ModelVersion);

internal sealed record SearchModelVersionsResponse(IReadOnlyList<ModelVersion>? ModelVersions, string? NextPageToken);

internal sealed record SetAliasRequest(string Name, string Alias, string Version);

internal sealed record DeleteAliasRequest(string Name, string Alias);

internal sealed record TransitionStageRequest(string Name, string Version, string Stage, bool ArchiveExistingVersions);

internal sealed record GcRequest(double? OlderThanDays, IReadOnlyList<string>? RunIds);
