namespace Kiln.Client;

/// <summary>Every alias move and stage transition of a registered model, oldest first.</summary>
public sealed record ModelHistory
{
    public string Model { get; init => field = value ?? string.Empty; } = string.Empty;

    public IReadOnlyList<ModelHistoryEvent> Events { get; init => field = value ?? []; } = [];
}

public sealed record ModelHistoryEvent
{
    public long EventId { get; init; }

    public string Model { get; init => field = value ?? string.Empty; } = string.Empty;

    /// <summary><c>alias_set</c>, <c>alias_deleted</c> or <c>stage_transition</c>.</summary>
    public string Kind { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? Alias { get; init; }

    public long? Version { get; init; }

    public long? FromVersion { get; init; }

    public long? ToVersion { get; init; }

    public string? FromStage { get; init; }

    public string? ToStage { get; init; }

    public string? Actor { get; init; }

    public string? ClientAddress { get; init; }

    /// <summary>Milliseconds since the Unix epoch.</summary>
    public long Timestamp { get; init; }
}
