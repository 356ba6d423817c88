using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>Where an <see cref="S3ArtifactStore"/> keeps artifacts and how it reaches the bucket.</summary>
public sealed record S3ArtifactStoreOptions
{
    /// <summary>S3 requires every part but the last to be at least 5 MiB.</summary>
    public const int MinimumPartSize = 5 * 1024 * 1024;

    public const int DefaultPartSize = 8 * 1024 * 1024;

    public const string DefaultRegion = "us-east-1";

    public required string Bucket { get; init; }

    /// <summary>Key prefix under which the store's paths live, without leading or trailing '/'; empty for the bucket root.</summary>
    public string Prefix { get; init; } = string.Empty;

    /// <summary>Any S3-compatible endpoint (<c>http://127.0.0.1:9000</c>); null for AWS itself.</summary>
    public string? EndpointUrl { get; init; }

    /// <summary>The region requests are signed for; <see cref="DefaultRegion"/> when null.</summary>
    public string? Region { get; init; }

    /// <summary>With <see cref="SecretAccessKey"/>, the credentials to use; when null the SDK's default chain applies (environment, profile, instance role).</summary>
    public string? AccessKeyId { get; init; }

    public string? SecretAccessKey { get; init; }

    public string? SessionToken { get; init; }

    /// <summary>Path-style addressing (<c>endpoint/bucket/key</c>), which most S3-compatible servers expect.</summary>
    public bool ForcePathStyle { get; init; } = true;

    /// <summary>Size of the parts large writes are split into, and so of the one buffer a write holds.</summary>
    public int PartSize { get; init; } = DefaultPartSize;

    /// <summary>Where a part whose body cannot be re-read (a request stream) and is larger than <see cref="PartSize"/> is staged, since S3 signing reads a body twice; null for the system temp folder.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>Keys per listing page; S3's own maximum. Tests lower it to exercise pagination cheaply.</summary>
    internal int KeysPerPage { get; init; } = 1000;

    /// <summary>Options for an <c>s3://bucket/prefix</c> URI; endpoint, region and credentials keep their defaults.</summary>
    public static S3ArtifactStoreOptions FromUri(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        const string scheme = "s3://";
        if (!uri.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw KilnException.InvalidParameter($"Not an S3 URI: {uri} (expected s3://bucket/prefix)");
        }
        var rest = uri[scheme.Length..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (bucket.Length == 0 || bucket.Any(c => char.IsWhiteSpace(c) || c is '?' or '#'))
        {
            throw KilnException.InvalidParameter($"Not an S3 URI: {uri} (expected s3://bucket/prefix)");
        }
        return new S3ArtifactStoreOptions { Bucket = bucket, Prefix = NormalizePrefix(prefix) };
    }

    internal static string NormalizePrefix(string prefix) =>
        string.Join('/', prefix.Split('/', StringSplitOptions.RemoveEmptyEntries));

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(Bucket))
        {
            throw new ArgumentException("An S3 bucket is required", nameof(Bucket));
        }
        if (PartSize < MinimumPartSize)
        {
            throw new ArgumentOutOfRangeException(nameof(PartSize), PartSize, $"S3 parts must be at least {MinimumPartSize} bytes");
        }
        if (AccessKeyId is null != SecretAccessKey is null)
        {
            throw new ArgumentException("Give both an access key id and a secret access key, or neither");
        }
    }
}
