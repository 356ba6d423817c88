using Kiln.Storage;
using Kiln.Storage.Artifacts;
using Microsoft.Extensions.Logging;

namespace Kiln.Tracking;

public sealed record PurgeSummary(IReadOnlyList<string> Runs, IReadOnlyList<string> Experiments, int ArtifactFoldersDeleted, int ArtifactFoldersFailed);

/// <summary>
/// Permanent deletion (MLflow's <c>mlflow gc</c>, built in): runs and experiments in the deleted state for longer
/// than a cutoff are removed from the database, then their artifact folders are deleted.
/// </summary>
public sealed class Retention(ITrackingStore store, IArtifactStore artifacts, TimeProvider clock, ILogger<Retention> logger)
{
    public async Task<PurgeSummary> PurgeAsync(TimeSpan olderThan, IReadOnlyList<string>? runIds, CancellationToken cancellationToken)
    {
        var cutoff = clock.GetUtcNow() - olderThan;
        var result = await store.PurgeDeletedAsync(cutoff.ToUnixTimeMilliseconds(), runIds, cancellationToken);
        var deleted = 0;
        var failed = 0;
        foreach (var run in result.Runs)
        {
            // A run's artifact URI ends in "<run id>/artifacts"; its whole folder goes.
            var path = ArtifactUri.ToStorePath(run.ArtifactUri);
            if (path is not null && path.EndsWith("/artifacts", StringComparison.Ordinal))
            {
                path = path[..^"/artifacts".Length];
            }
            (deleted, failed) = await DeleteAsync(path, "run " + run.RunId, deleted, failed, cancellationToken);
        }
        foreach (var experiment in result.Experiments)
        {
            (deleted, failed) = await DeleteAsync(ArtifactUri.ToStorePath(experiment.ArtifactLocation), "experiment " + experiment.ExperimentId, deleted, failed, cancellationToken);
        }
        Log.Purged(logger, result.Runs.Count, result.Experiments.Count, cutoff);
        return new PurgeSummary(
            result.Runs.Select(r => r.RunId).ToList(),
            result.Experiments.Select(e => e.ExperimentId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            deleted, failed);
    }

    private async Task<(int Deleted, int Failed)> DeleteAsync(string? path, string what, int deleted, int failed, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(path))
        {
            return (deleted, failed);
        }
        try
        {
            await artifacts.DeleteAsync(path, cancellationToken);
            return (deleted + 1, failed);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.ArtifactDeleteFailed(logger, path, what, ex);
            return (deleted, failed + 1);
        }
    }
}
