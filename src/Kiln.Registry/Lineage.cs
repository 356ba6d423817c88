using Kiln.Storage.Artifacts;
using Kiln.Storage.Entities;

namespace Kiln.Registry;

/// <summary>Where a model version came from, in one answer: its run, the run's inputs and outputs, and its code version.</summary>
public sealed record Lineage(
    ModelVersion Version,
    Run? Run,
    string? CodeVersion,
    string? SourceName,
    string? SourceType,
    IReadOnlyList<ArtifactEntry> Artifacts,
    bool ArtifactsTruncated);

public sealed partial class RegistryService
{
    public const string GitCommitTag = "mlflow.source.git.commit";
    public const string SourceNameTag = "mlflow.source.name";
    public const string SourceTypeTag = "mlflow.source.type";
    private const int MaxLineageArtifacts = 1000;

    public async Task<Lineage> GetLineageAsync(string? name, string? version, CancellationToken cancellationToken)
    {
        var modelVersion = await GetModelVersionAsync(name, version, cancellationToken);
        var runId = modelVersion.RunId ?? RunIdFromSource(modelVersion.Source);
        var run = runId is null ? null : await tracking.Store.GetRunAsync(runId, cancellationToken);
        if (run is null)
        {
            return new Lineage(modelVersion, null, null, null, null, [], false);
        }
        string? Tag(string key) => run.Tags.FirstOrDefault(t => t.Key == key).Value;
        var files = new List<ArtifactEntry>();
        var truncated = false;
        var root = ArtifactUri.ToStorePath(run.Info.ArtifactUri);
        if (root is not null)
        {
            await foreach (var entry in artifacts.ListRecursiveAsync(root, cancellationToken))
            {
                if (files.Count == MaxLineageArtifacts)
                {
                    truncated = true;
                    break;
                }
                files.Add(entry with { Path = entry.Path[Math.Min(entry.Path.Length, root.Length + 1)..] });
            }
        }
        return new Lineage(modelVersion, run, Tag(GitCommitTag), Tag(SourceNameTag), Tag(SourceTypeTag), files, truncated);
    }

    private static string? RunIdFromSource(string source)
    {
        if (source.StartsWith("runs:/", StringComparison.Ordinal))
        {
            var rest = source["runs:/".Length..].TrimStart('/');
            var slash = rest.IndexOf('/', StringComparison.Ordinal);
            return slash < 0 ? rest : rest[..slash];
        }
        var path = ArtifactUri.ToStorePath(source);
        var parts = path?.Split('/');
        return parts is { Length: >= 3 } && parts[2] == "artifacts" && Core.Ids.IsRunId(parts[1]) ? parts[1] : null;
    }
}
