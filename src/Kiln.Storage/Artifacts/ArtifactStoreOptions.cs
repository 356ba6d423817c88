namespace Kiln.Storage.Artifacts;

/// <summary>
/// Settings the host binds from configuration for the stores <see cref="ArtifactStoreFactory"/>
/// creates. Everything is optional: unset S3 settings fall back to the environment variables
/// MLflow and the AWS tools read.
/// </summary>
public sealed record ArtifactStoreOptions
{
    /// <summary>S3-compatible endpoint; else <c>MLFLOW_S3_ENDPOINT_URL</c>, <c>AWS_ENDPOINT_URL_S3</c>, <c>AWS_ENDPOINT_URL</c>; else AWS.</summary>
    public string? S3EndpointUrl { get; init; }

    /// <summary>Else <c>AWS_REGION</c>, <c>AWS_DEFAULT_REGION</c>, else us-east-1.</summary>
    public string? S3Region { get; init; }

    /// <summary>Else <c>AWS_ACCESS_KEY_ID</c>; with neither, the SDK's default credential chain.</summary>
    public string? S3AccessKeyId { get; init; }

    /// <summary>Else <c>AWS_SECRET_ACCESS_KEY</c>.</summary>
    public string? S3SecretAccessKey { get; init; }

    /// <summary>Else <c>AWS_SESSION_TOKEN</c>.</summary>
    public string? S3SessionToken { get; init; }

    public bool S3ForcePathStyle { get; init; } = true;

    public int S3PartSize { get; init; } = S3ArtifactStoreOptions.DefaultPartSize;

    public string? S3SpoolDirectory { get; init; }
}
