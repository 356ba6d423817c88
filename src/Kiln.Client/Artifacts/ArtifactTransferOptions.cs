namespace Kiln.Client;

public sealed record ArtifactUploadOptions
{
    public const long DefaultMultipartThreshold = 64L * 1024 * 1024;
    public const long DefaultPartSize = 16L * 1024 * 1024;

    /// <summary>Files this large or larger go up in parts (resumably); smaller ones in one streamed PUT.</summary>
    public long MultipartThreshold { get; init; } = DefaultMultipartThreshold;

    /// <summary>Size of each part but the last; S3-backed servers need at least 5 MiB. Grown when a file would need more than 10,000 parts.</summary>
    public long PartSize { get; init; } = DefaultPartSize;

    /// <summary>Parts of one file sent at the same time.</summary>
    public int MaxConcurrentParts { get; init; } = 4;

    /// <summary>Where interrupted multipart uploads are remembered; a <c>kiln/uploads</c> folder under the temp folder by default.</summary>
    public string? StateDirectory { get; init; }

    public IProgress<TransferProgress>? Progress { get; init; }
}

public sealed record ArtifactDownloadOptions
{
    public IProgress<TransferProgress>? Progress { get; init; }
}
