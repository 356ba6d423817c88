using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Artifacts;
using Kiln.Storage.Entities;
using Kiln.Tracking;

namespace Kiln.Registry;

/// <summary>A model version source resolved to this server's artifact store.</summary>
public sealed record ResolvedSource(string ArtifactUri, string StorePath);

/// <summary>
/// Turns a model version source (<c>runs:/</c>, <c>models:/</c>, <c>mlflow-artifacts:/</c>, this server's proxy URL,
/// or a URI inside the artifact store's root) into the folder in the artifact store that holds the model.
/// </summary>
public sealed class ModelSourceResolver(TrackingService tracking, IRegistryStore registry, IArtifactStore artifacts)
{
    private const int MaxIndirections = 5;

    public async Task<ResolvedSource> ResolveAsync(string source, CancellationToken cancellationToken)
    {
        var current = source;
        for (var depth = 0; depth < MaxIndirections; depth++)
        {
            if (current.StartsWith("runs:/", StringComparison.Ordinal))
            {
                var (runId, path) = SplitFirst(current["runs:/".Length..]);
                var run = await tracking.Store.GetRunAsync(runId, cancellationToken) ?? throw Unresolvable(source, $"run '{runId}' does not exist");
                current = ArtifactUri.Combine(run.Info.ArtifactUri, path);
                continue;
            }
            if (current.StartsWith("models:/", StringComparison.Ordinal))
            {
                var version = await FindModelVersionAsync(current["models:/".Length..], source, cancellationToken);
                current = version.StorageLocation ?? version.Source;
                continue;
            }
            var storePath = ArtifactUri.ToStorePath(current) ?? InStoreRoot(current);
            if (storePath is null)
            {
                throw Unresolvable(source, "it is not in this server's artifact store; register models from run artifacts (runs:/…) or mlflow-artifacts:/ URIs");
            }
            return new ResolvedSource(ArtifactUri.FromStorePath(storePath), storePath);
        }
        throw Unresolvable(source, "it refers through too many models:/ indirections");
    }

    private async Task<ModelVersion> FindModelVersionAsync(string reference, string source, CancellationToken cancellationToken)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at > 0)
        {
            return await registry.GetModelVersionByAliasAsync(reference[..at], reference[(at + 1)..].TrimEnd('/'), cancellationToken);
        }
        var (name, versionOrStage) = SplitFirst(reference);
        versionOrStage = versionOrStage.TrimEnd('/');
        if (long.TryParse(versionOrStage, out var number))
        {
            return await registry.GetModelVersionAsync(name, number, cancellationToken) ?? throw Unresolvable(source, $"model version {name}/{number} does not exist");
        }
        var stages = versionOrStage.Equals("latest", StringComparison.OrdinalIgnoreCase) ? null : new[] { RegistryValidation.Stage(versionOrStage) };
        var latest = await registry.GetLatestVersionsAsync(name, stages, cancellationToken);
        return latest.MaxBy(v => v.Version) ?? throw Unresolvable(source, $"no versions of model '{name}' match '{versionOrStage}'");
    }

    private string? InStoreRoot(string uri)
    {
        var root = artifacts.RootUri.TrimEnd('/') + "/";
        return uri.StartsWith(root, StringComparison.Ordinal) ? ArtifactPath.Normalize(uri[root.Length..]) : null;
    }

    private static (string Head, string Tail) SplitFirst(string path)
    {
        var trimmed = path.TrimStart('/');
        var slash = trimmed.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? (trimmed, string.Empty) : (trimmed[..slash], trimmed[(slash + 1)..]);
    }

    private static KilnException Unresolvable(string source, string why) =>
        new(ErrorCode.ResourceDoesNotExist, $"Unable to resolve model source '{source}': {why}.");
}
