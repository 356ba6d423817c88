namespace Kiln.Client;

/// <summary>The direct children of a folder in a run's artifacts, with paths relative to the run's artifact root.</summary>
public sealed record ArtifactListing
{
    public string? RootUri { get; init; }

    public IReadOnlyList<ArtifactEntry> Files { get; init => field = value ?? []; } = [];
}

public sealed record ArtifactEntry
{
    public string Path { get; init => field = value ?? string.Empty; } = string.Empty;

    public bool IsDir { get; init; }

    /// <summary>In bytes; null for folders.</summary>
    public long? FileSize { get; init; }
}
