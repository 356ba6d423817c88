namespace Kiln.Storage.Artifacts;

public sealed partial class LocalArtifactStore
{
    public Task<string> CreateMultipartUploadAsync(string path, CancellationToken cancellationToken)
    {
        var (normalized, _) = ResolveFileName(path);
        return _uploads.CreateAsync(normalized, cancellationToken);
    }

    public Task<UploadedPart> UploadPartAsync(string path, string uploadId, int partNumber, Stream content, long? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ContentLength.EnsureValid(length);
        MultipartParts.EnsureValidNumber(partNumber);
        var (normalized, _) = ResolveFileName(path);
        return _uploads.UploadPartAsync(normalized, uploadId, partNumber, content, length, cancellationToken);
    }

    public Task<IReadOnlyList<UploadedPart>> ListPartsAsync(string path, string uploadId, CancellationToken cancellationToken)
    {
        var (normalized, _) = ResolveFileName(path);
        return _uploads.ListPartsAsync(normalized, uploadId, cancellationToken);
    }

    public async Task CompleteMultipartUploadAsync(string path, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        var ordered = MultipartParts.InCompletionOrder(parts);
        var (normalized, _) = ResolveFileName(path);
        var upload = await _uploads.OpenAsync(normalized, uploadId, cancellationToken);
        var files = upload.MatchParts(ordered);
        var (_, fullPath) = ResolveFile(normalized);
        await _writer.WriteAsync(fullPath, files.Sum(file => file.Length), async (destination, token) =>
        {
            foreach (var file in files)
            {
                await using var source = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0,
                    FileOptions.Asynchronous | FileOptions.SequentialScan);
                await PooledStreamCopy.CopyAsync(source, destination, hash: null, token);
            }
            return files.Length;
        }, cancellationToken);
        upload.Delete();
    }

    public async Task AbortMultipartUploadAsync(string path, string uploadId, CancellationToken cancellationToken)
    {
        var (normalized, _) = ResolveFileName(path);
        var upload = await _uploads.OpenAsync(normalized, uploadId, cancellationToken);
        upload.Delete();
    }

    /// <summary>Validates a path a file may later be written to, without creating anything yet.</summary>
    private (string Normalized, string FullPath) ResolveFileName(string path)
    {
        var resolved = Resolve(path);
        if (resolved.Normalized.Length == 0)
        {
            throw Core.KilnException.InvalidParameter("A file path is required");
        }
        return resolved;
    }
}
