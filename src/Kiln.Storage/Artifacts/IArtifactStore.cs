namespace Kiln.Storage.Artifacts;

/// <summary>
/// Where artifact bytes live: a local folder or an S3-compatible bucket. Paths are relative,
/// '/'-separated and already validated by <see cref="ArtifactPath"/>; content always streams.
/// </summary>
public interface IArtifactStore
{
    /// <summary>Where the store points, for display: <c>file:///…</c> or <c>s3://bucket/prefix</c>.</summary>
    string RootUri { get; }

    /// <summary>The file at a path, or null when there is no file there (missing, or a directory).</summary>
    Task<ArtifactFile?> GetFileAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a file for reading from <paramref name="offset"/> (at or past the end: an empty stream);
    /// throws a not-found <see cref="Core.KilnException"/> when missing.
    /// </summary>
    Task<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken);

    /// <summary>
    /// Writes a file from a stream without buffering it whole; readers never see a partial file.
    /// A <paramref name="length"/>, when given, must match what the stream delivers (else invalid-parameter).
    /// </summary>
    Task WriteAsync(string path, Stream content, long? length, CancellationToken cancellationToken);

    /// <summary>The direct children of a directory ("" for the root), directories and files, sorted by path; empty when none.</summary>
    Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Every file under a directory, recursively, with paths relative to the store root, in ordinal order of path.</summary>
    IAsyncEnumerable<ArtifactEntry> ListRecursiveAsync(string directory, CancellationToken cancellationToken);

    /// <summary>Deletes a file or a whole directory; deleting what is not there is not an error.</summary>
    Task DeleteAsync(string path, CancellationToken cancellationToken);

    /// <summary>Starts an upload of a file in parts; the id is unguessable and valid only with this same path.</summary>
    Task<string> CreateMultipartUploadAsync(string path, CancellationToken cancellationToken);

    /// <summary>
    /// Stores one part (1 to 10,000); uploading a part number again replaces it, which is how uploads resume.
    /// An unknown upload id, or one started for another path, is not found. S3 wants every part but the last
    /// to be at least 5 MiB and says so when the upload completes; the local store takes any size.
    /// </summary>
    Task<UploadedPart> UploadPartAsync(string path, string uploadId, int partNumber, Stream content, long? length, CancellationToken cancellationToken);

    /// <summary>The parts stored so far, so a client can resume an interrupted upload.</summary>
    Task<IReadOnlyList<UploadedPart>> ListPartsAsync(string path, string uploadId, CancellationToken cancellationToken);

    /// <summary>
    /// Joins the listed parts, in part-number order whatever the list's order, into the file at
    /// <paramref name="path"/>, atomically. Each ETag must match the stored part's; sizes are compared
    /// where positive (MLflow's completion request carries only numbers and ETags). A part that was never
    /// uploaded or does not match is an invalid-parameter error.
    /// </summary>
    Task CompleteMultipartUploadAsync(string path, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken);

    /// <summary>Discards an upload and its parts; an unknown upload id is not found.</summary>
    Task AbortMultipartUploadAsync(string path, string uploadId, CancellationToken cancellationToken);
}

public sealed record ArtifactFile(string Path, long Size, DateTimeOffset LastModified);

public sealed record ArtifactEntry(string Path, bool IsDirectory, long? Size);

/// <summary>A stored part: its ETag is S3's quoted hex digest, which both stores return.</summary>
public sealed record UploadedPart(int PartNumber, string ETag, long Size);
