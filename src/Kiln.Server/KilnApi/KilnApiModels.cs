using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Kiln.Server.KilnApi;

public sealed record HistoryEntry(
    long EventId,
    string Model,
    string Kind,
    string? Alias,
    long? Version,
    long? FromVersion,
    long? ToVersion,
    string? FromStage,
    string? ToStage,
    string? Actor,
    string? ClientAddress,
    long Timestamp);

public sealed record HistoryResponse(string Model, IReadOnlyList<HistoryEntry> Events);

public sealed record VersionSummary(
    string Name,
    string Version,
    string Source,
    string? RunId,
    string Status,
    string? StatusMessage,
    string CurrentStage,
    IReadOnlyList<string> Aliases,
    IReadOnlyDictionary<string, string> Tags,
    string? StorageLocation,
    long CreationTimestamp);

public sealed record RunSummary(
    string RunId,
    string RunName,
    string ExperimentId,
    string Status,
    string LifecycleStage,
    long StartTime,
    long? EndTime,
    string? UserId,
    string ArtifactUri,
    IReadOnlyDictionary<string, string> Params,
    IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, string> Tags);

public sealed record DatasetSummary(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile, string? Context);

public sealed record ArtifactSummary(string Path, bool IsDir, long? Size);

public sealed record LineageResponse(
    VersionSummary ModelVersion,
    JsonNode? Model,
    RunSummary? Run,
    string? CodeVersion,
    string? SourceName,
    string? SourceType,
    IReadOnlyList<DatasetSummary> Datasets,
    IReadOnlyList<ArtifactSummary> Artifacts,
    bool ArtifactsTruncated);

public sealed record GcRequest(double? OlderThanDays, IReadOnlyList<string>? RunIds);

public sealed record GcResponse(IReadOnlyList<string> PurgedRuns, IReadOnlyList<string> PurgedExperiments, int ArtifactFoldersDeleted, int ArtifactFoldersFailed);

public sealed record ServerInfo(string Version, string Backend, string Artifacts);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(HistoryResponse))]
[JsonSerializable(typeof(LineageResponse))]
[JsonSerializable(typeof(GcRequest))]
[JsonSerializable(typeof(GcResponse))]
[JsonSerializable(typeof(ServerInfo))]
[JsonSerializable(typeof(JsonNode))]
[JsonSerializable(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails))]
public sealed partial class KilnJsonContext : JsonSerializerContext;
