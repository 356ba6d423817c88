namespace Kiln.Client;

/// <summary>A run as the server returns it: info, data (latest metrics, params, tags) and dataset inputs.</summary>
public sealed record Run
{
    public RunInfo Info { get; init; } = new();

    public RunData Data { get; init; } = new();

    public RunInputs Inputs { get; init; } = new();
}

public sealed record RunInfo
{
    public string RunId { get; init; } = string.Empty;

    public string? RunUuid { get; init; }

    public string? RunName { get; init; }

    public string ExperimentId { get; init; } = string.Empty;

    public string? UserId { get; init; }

    /// <summary><c>RUNNING</c>, <c>SCHEDULED</c>, <c>FINISHED</c>, <c>FAILED</c> or <c>KILLED</c>.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? StartTime { get; init; }

    /// <summary>Milliseconds since the Unix epoch; null while running.</summary>
    public long? EndTime { get; init; }

    public string? ArtifactUri { get; init; }

    public string LifecycleStage { get; init; } = "active";
}

public sealed record RunData
{
    /// <summary>The latest value of each metric.</summary>
    public IReadOnlyList<Metric> Metrics { get; init; } = [];

    public IReadOnlyList<KeyValue> Params { get; init; } = [];

    public IReadOnlyList<KeyValue> Tags { get; init; } = [];
}

public sealed record RunInputs
{
    public IReadOnlyList<DatasetInput> DatasetInputs { get; init; } = [];
}

public sealed record DatasetInput
{
    public IReadOnlyList<KeyValue> Tags { get; init; } = [];

    public Dataset Dataset { get; init; } = new();
}

public sealed record Dataset
{
    public string Name { get; init; } = string.Empty;

    public string Digest { get; init; } = string.Empty;

    public string SourceType { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    public string? Schema { get; init; }

    public string? Profile { get; init; }
}
