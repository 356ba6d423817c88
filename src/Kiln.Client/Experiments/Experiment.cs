namespace Kiln.Client;

/// <summary>An experiment as the server returns it.</summary>
public sealed record Experiment
{
    public string ExperimentId { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? ArtifactLocation { get; init; }

    /// <summary><c>active</c> or <c>deleted</c>.</summary>
    public string LifecycleStage { get; init => field = value ?? "active"; } = "active";

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? LastUpdateTime { get; init; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long? CreationTime { get; init; }

    public IReadOnlyList<KeyValue> Tags { get; init => field = value ?? []; } = [];
}
