using System.Text.Json;

namespace Kiln.Client;

/// <summary>Where a model version came from: its run (params, metrics, tags), code version, datasets and artifacts.</summary>
public sealed record ModelLineage
{
    public LineageVersion ModelVersion { get; init => field = value ?? new(); } = new();

    /// <summary>The MLmodel's flavors, signature and model file, when it was parsed.</summary>
    public JsonElement? Model { get; init; }

    public LineageRun? Run { get; init; }

    public string? CodeVersion { get; init; }

    public string? SourceName { get; init; }

    public string? SourceType { get; init; }

    public IReadOnlyList<LineageDataset> Datasets { get; init => field = value ?? []; } = [];

    public IReadOnlyList<LineageArtifact> Artifacts { get; init => field = value ?? []; } = [];

    public bool ArtifactsTruncated { get; init; }
}

public sealed record LineageVersion
{
    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Version { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Source { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? RunId { get; init; }

    public string Status { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? StatusMessage { get; init; }

    public string CurrentStage { get; init => field = value ?? "None"; } = "None";

    public IReadOnlyList<string> Aliases { get; init => field = value ?? []; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    public string? StorageLocation { get; init; }

    public long CreationTimestamp { get; init; }
}

public sealed record LineageRun
{
    public string RunId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? RunName { get; init; }

    public string ExperimentId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Status { get; init => field = value ?? string.Empty; } = string.Empty;

    public string LifecycleStage { get; init => field = value ?? string.Empty; } = string.Empty;

    public long StartTime { get; init; }

    public long? EndTime { get; init; }

    public string? UserId { get; init; }

    public string? ArtifactUri { get; init; }

    public IReadOnlyDictionary<string, string> Params { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, double> Metrics { get; init => field = value ?? new Dictionary<string, double>(); } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, string> Tags { get; init => field = value ?? new Dictionary<string, string>(); } = new Dictionary<string, string>();
}

public sealed record LineageDataset
{
    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Digest { get; init => field = value ?? string.Empty; } = string.Empty;

    public string SourceType { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Source { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? Schema { get; init; }

    public string? Profile { get; init; }

    /// <summary>The <c>mlflow.data.context</c> tag: <c>training</c>, <c>evaluation</c>, ...</summary>
    public string? Context { get; init; }
}

public sealed record LineageArtifact
{
    public string Path { get; init => field = value ?? string.Empty; } = string.Empty;

    public bool IsDir { get; init; }

    public long? Size { get; init; }
}
