namespace Kiln.Client;

/// <summary>A registered model as the server returns it.</summary>
public sealed record RegisteredModel
{
    public string Name { get; init => field = value ?? string.Empty; } = string.Empty;

    public long? CreationTimestamp { get; init; }

    public long? LastUpdatedTimestamp { get; init; }

    public string? Description { get; init; }

    /// <summary>The newest version in each stage.</summary>
    public IReadOnlyList<ModelVersion> LatestVersions { get; init => field = value ?? []; } = [];

    public IReadOnlyList<KeyValue> Tags { get; init => field = value ?? []; } = [];

    public IReadOnlyList<RegisteredModelAlias> Aliases { get; init => field = value ?? []; } = [];
}

public sealed record RegisteredModelAlias(string Alias, string Version);
