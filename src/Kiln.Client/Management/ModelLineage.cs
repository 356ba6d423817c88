using System.Text.Json;

namespace Kiln.Client;

/// <summary>Where a model version came from: its run (params, metrics, tags), code version, datasets and artifacts.</summary>
public sealed record ModelLineage
{
    public LineageVersion ModelVersion { get; init; } = new();

    /// <summary>The MLmodel's flavors, signature and model file, when it was parsed.</summary>
    public JsonElement? Model { get; init; }

    public LineageRun? Run { get; init; }

    public string? CodeVersion { get; init; }

    public string? SourceName { get; init; }

    public string? SourceType { get; init; }

    public IReadOnlyList<LineageDataset> Datasets { get; init; } = [];

    public IReadOnlyList<LineageArtifact> Artifacts { get; init; } = [];

    public bool ArtifactsTruncated { get; init; }
}

public sealed record LineageVersion
{
    public string Name { get; init; } = string.Empty;

    public string Version { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    public string? RunId { get; init; }

    public string Status { get; init; } = string.Empty;

    public string? StatusMessage { get; init; }

    public string CurrentStage { get; init; } = "None";

    public IReadOnlyList<string> Aliases { get; init; } = [];

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();

    public string? StorageLocation { get; init; }

    public long CreationTimestamp { get; init; }
}

public sealed record LineageRun
{
    public string RunId { get; init; } = string.Empty;

    public string? RunName { get; init; }

    public string ExperimentId { get; init; } = string.Empty;

    public string Status { get; init; } = string.Empty;

    public string LifecycleStage { get; init; } = string.Empty;

    public long StartTime { get; init; }

    public long? EndTime { get; init; }

    public string? UserId { get; init; }

    public string? ArtifactUri { get; init; }

    public IReadOnlyDictionary<string, string> Params { get; init; } = new Dictionary<string, string>();

    public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
}

public sealed record LineageDataset
{
    public string Name { get; init; } = string.Empty;

    public string Digest { get; init; } = string.Empty;

    public string SourceType { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    public string? Schema { get; init; }

    public string? Profile { get; init; }

    /// <summary>The <c>mlflow.data.context</c> tag: <c>training</c>, <c>evaluation</c>, ...</summary>
    public string? Context { get; init; }
}

public sealed record LineageArtifact
{
    public string Path { get; init; } = string.Empty;

    public bool IsDir { get; init; }

    public long? Size { get; init; }
}
