using Kiln.Client.Http;
using Kiln.Client.Json;
using Kiln.Client.Transfers;

namespace Kiln.Client;

/// <summary>A run's artifacts: listing, resumable downloads and uploads (multipart for large files) through the server's proxy.</summary>
public sealed class ArtifactsClient
{
    private readonly KilnHttp _http;
    private readonly RunsClient _runs;

    internal ArtifactsClient(KilnHttp http, RunsClient runs)
    {
        _http = http;
        _runs = runs;
    }

    /// <summary>The direct children of <paramref name="path"/> (the artifact root when null), paths relative to the root.</summary>
    public Task<ArtifactListing> ListAsync(string runId, string? path = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync("api/2.0/mlflow/artifacts/list", new QueryString().Add("run_id", runId).Add("path", NullIfEmpty(ArtifactRoot.NormalizeRelative(path))),
            KilnClientJsonContext.Default.ArtifactListing, cancellationToken);

    /// <summary>Every file under <paramref name="path"/>, recursively, in path order.</summary>
    public async Task<IReadOnlyList<ArtifactEntry>> ListFilesAsync(string runId, string? path = null, CancellationToken cancellationToken = default)
    {
        var files = new List<ArtifactEntry>();
        var folders = new Queue<string>([ArtifactRoot.NormalizeRelative(path)]);
        while (folders.TryDequeue(out var folder))
        {
            foreach (var entry in (await ListAsync(runId, folder, cancellationToken)).Files)
            {
                if (entry.IsDir)
                {
                    folders.Enqueue(entry.Path);
                }
                else
                {
                    files.Add(entry);
                }
            }
        }
        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Uploads a file, or every file under a folder (keeping relative paths), under <paramref name="artifactPath"/> in the
    /// run's artifacts. Files at or above the multipart threshold go up in parts and resume where an earlier attempt stopped.
    /// </summary>
    public async Task<ArtifactUploadResult> UploadAsync(string runId, string localPath, string? artifactPath = null, ArtifactUploadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = await _runs.GetAsync(runId, cancellationToken);
        var root = ArtifactRoot.ToStorePath(run.Info.ArtifactUri, runId);
        var uri = string.IsNullOrEmpty(artifactPath) ? run.Info.ArtifactUri! : run.Info.ArtifactUri!.TrimEnd('/') + "/" + ArtifactRoot.NormalizeRelative(artifactPath);
        return await new ArtifactUploader(_http, options ?? new ArtifactUploadOptions()).UploadAsync(root, uri, localPath, artifactPath, cancellationToken);
    }

    /// <summary>
    /// Downloads an artifact file, or a folder recursively, into <paramref name="destination"/> (a folder's contents land
    /// directly in it; a file lands under its name). Complete files are skipped and partial ones resumed.
    /// </summary>
    public async Task<ArtifactDownloadResult> DownloadAsync(string runId, string? path, string destination, ArtifactDownloadOptions? options = null, CancellationToken cancellationToken = default)
    {
        var run = await _runs.GetAsync(runId, cancellationToken);
        var root = ArtifactRoot.ToStorePath(run.Info.ArtifactUri, runId);
        var relative = ArtifactRoot.NormalizeRelative(path);
        var files = await ListFilesAsync(runId, relative, cancellationToken);
        var basePath = relative;
        if (files.Count == 0 && relative.Length > 0)
        {
            // Not a folder: a single file, whose size the download will tell.
            files = [new ArtifactEntry { Path = relative }];
            basePath = ArtifactRoot.Split(relative).Directory;
        }
        return await new ArtifactDownloader(_http, options ?? new ArtifactDownloadOptions()).DownloadAsync(root, files, basePath, destination, cancellationToken);
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
