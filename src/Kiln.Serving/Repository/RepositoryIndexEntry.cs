namespace Kiln.Serving.Repository;

/// <summary>States in the repository index, as Triton names them.</summary>
public static class ModelStates
{
    public const string Ready = "READY";
    public const string Loading = "LOADING";
    public const string Unavailable = "UNAVAILABLE";
}

/// <summary>One row of the repository index: a model version (or a registered model with none loaded) and its state.</summary>
public sealed record RepositoryIndexEntry(string Name, long? Version, string State, string Reason);
