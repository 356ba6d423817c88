namespace Kiln.Client;

/// <summary>What a garbage collection removed for good.</summary>
public sealed record GcResult
{
    public IReadOnlyList<string> PurgedRuns { get; init => field = value ?? []; } = [];

    public IReadOnlyList<string> PurgedExperiments { get; init => field = value ?? []; } = [];

    public int ArtifactFoldersDeleted { get; init; }

    public int ArtifactFoldersFailed { get; init; }
}
