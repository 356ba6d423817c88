namespace Kiln.Storage.Tests.Artifacts;

/// <summary>
/// The store suites run one at a time and with no other tests beside them: the large-file test
/// measures allocations process-wide, which other tests running in parallel would inflate.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ArtifactStoreCollection
{
    public const string Name = "Artifact stores";
}
