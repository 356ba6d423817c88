namespace Kiln.Client;

/// <summary>A run as the server returns it: info, data (latest metrics, params, tags) and dataset inputs.</summary>
public sealed record Run
{
    public RunInfo Info { get; init => field = value ?? new(); } = new();

    public RunData Data { get; init => field = value ?? new(); } = new();

    public RunInputs Inputs { get; init => field = value ?? new(); } = new();
}

public sealed record RunInfo
{
    public string RunId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? RunUuid { get; init; }

    public string? RunName { get; init; }

    public string ExperimentId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? UserId { get; init; }

    /// <summary><c>RUNNING</c>, <c>SCHEDULED</c>, <c>FINISHED</c>, <c>FAILED</c> or <c>KILLED</c>.</summary>
    public string Status { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? StartTime { get; init; }

    /// <summary>Milliseconds since the Unix epoch; null while running.</summary>
    public long? EndTime { get; init; }

    public string? ArtifactUri { get; init; }

    public string LifecycleStage { get; init => field = value ?? "active"; } = "active";
}

public sealed record RunData
{
    /// <summary>The latest value of each metric.</summary>
    public IReadOnlyList<Metric> Metrics { get; init => field = value ?? []; } = [];

    public IReadOnlyList<KeyValue> Params { get; init => field = value ?? []; } = [];

    public IReadOnlyList<KeyValue> Tags { get; init => field = value ?? []; } = [];
}

public sealed record RunInputs
{
    public IReadOnlyList<DatasetInput> DatasetInputs { get; init => field = value ?? []; } = [];
}

public sealed record DatasetInput
{
    public IReadOnlyList<KeyValue> Tags { get; init => field = value ?? []; } = [];

    public Dataset Dataset { get; init => field = value ?? new(); } = new();
}

public sealed record Dataset
{
    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Digest { get; init => field = value ?? string.Empty; } = string.Empty;

    public string SourceType { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Source { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? Schema { get; init; }

    public string? Profile { get; init; }
}
