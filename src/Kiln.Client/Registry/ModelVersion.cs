namespace Kiln.Client;

/// <summary>A model version as the server returns it.</summary>
public sealed record ModelVersion
{
    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    public string Version { get; init => field = value ?? string.Empty; } = string.Empty;

    public long? CreationTimestamp { get; init; }

    public long? LastUpdatedTimestamp { get; init; }

    public string? UserId { get; init; }

    /// <summary><c>None</c>, <c>Staging</c>, <c>Production</c> or <c>Archived</c>.</summary>
    public string CurrentStage { get; init => field = value ?? "None"; } = "None";

    public string? Description { get; init; }

    public string Source { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? RunId { get; init; }

    /// <summary><c>READY</c>, <c>PENDING_REGISTRATION</c> or <c>FAILED_REGISTRATION</c>.</summary>
    public string Status { get; init => field = value ?? string.Empty; } = string.Empty;

    public string? StatusMessage { get; init; }

    public IReadOnlyList<KeyValue> Tags { get; init => field = value ?? []; } = [];

    public string? RunLink { get; init; }

    public IReadOnlyList<string> Aliases { get; init => field = value ?? []; } = [];
}
