namespace Kiln.Storage.Entities;

public enum LifecycleStage
{
    Active,
    Deleted,
}

public enum ViewType
{
    ActiveOnly = 1,
    DeletedOnly = 2,
    All = 3,
}

public enum RunStatus
{
    Running = 1,
    Scheduled = 2,
    Finished = 3,
    Failed = 4,
    Killed = 5,
}

/// <summary>A key and a value: params, run tags, experiment tags, model tags.</summary>
public readonly record struct KeyValue(string Key, string Value);

public readonly record struct Metric(string Key, double Value, long Timestamp, long Step);

public sealed record Experiment(
    long ExperimentId,
    string Name,
    string ArtifactLocation,
    LifecycleStage LifecycleStage,
    long CreationTime,
    long LastUpdateTime,
    IReadOnlyList<KeyValue> Tags);

public sealed record RunInfo(
    string RunId,
    long ExperimentId,
    string RunName,
    string? UserId,
    RunStatus Status,
    long StartTime,
    long? EndTime,
    string ArtifactUri,
    LifecycleStage LifecycleStage);

public sealed record Dataset(string Name, string Digest, string SourceType, string Source, string? Schema, string? Profile);

public sealed record DatasetInput(Dataset Dataset, IReadOnlyList<KeyValue> Tags);

public sealed record Run(
    RunInfo Info,
    IReadOnlyList<Metric> Metrics,
    IReadOnlyList<KeyValue> Params,
    IReadOnlyList<KeyValue> Tags,
    IReadOnlyList<DatasetInput> Inputs);

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
