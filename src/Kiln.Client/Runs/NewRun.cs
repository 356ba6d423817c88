namespace Kiln.Client;

/// <summary>What a new run starts with; every field is optional (the server names it and uses experiment 0).</summary>
public sealed record NewRun
{
    public string? ExperimentId { get; init; }

    public string? RunName { get; init; }

    public string? UserId { get; init; }

    /// <summary>Milliseconds since the Unix epoch; now when null.</summary>
    public long? StartTime { get; init; }

    public IReadOnlyList<KeyValue>? Tags { get; init; }
}
