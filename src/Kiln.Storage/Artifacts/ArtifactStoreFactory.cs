using System.Text.RegularExpressions;
using Kiln.Core;
using Microsoft.Extensions.Logging;

namespace Kiln.Storage.Artifacts;

/// <summary>Creates the artifact store for a location: a local path or <c>file://</c> URI, or <c>s3://bucket/prefix</c>.</summary>
public static partial class ArtifactStoreFactory
{
    public static IArtifactStore Create(string location, ArtifactStoreOptions? options = null, ILoggerFactory? loggerFactory = null) =>
        Create(location, options, loggerFactory, Environment.GetEnvironmentVariable);

    /// <summary>As above, reading environment variables through <paramref name="environment"/>.</summary>
    public static IArtifactStore Create(string location, ArtifactStoreOptions? options, ILoggerFactory? loggerFactory, Func<string, string?> environment)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        ArgumentNullException.ThrowIfNull(environment);
        options ??= new ArtifactStoreOptions();
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return new S3ArtifactStore(S3Options(location, options, environment), loggerFactory?.CreateLogger<S3ArtifactStore>());
        }
        if (location.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile || !IsLocalHost(uri))
            {
                throw KilnException.InvalidParameter($"Invalid file URI for an artifact location: {location}");
            }
            return new LocalArtifactStore(uri.LocalPath, loggerFactory?.CreateLogger<LocalArtifactStore>());
        }
        if (UriScheme().IsMatch(location))
        {
            throw KilnException.InvalidParameter($"Unsupported artifact location: {location} (use a local path, file:// or s3://)");
        }
        return new LocalArtifactStore(location, loggerFactory?.CreateLogger<LocalArtifactStore>());
    }

    private static S3ArtifactStoreOptions S3Options(string location, ArtifactStoreOptions options, Func<string, string?> environment)
    {
        var accessKey = options.S3AccessKeyId ?? NonEmpty(environment("AWS_ACCESS_KEY_ID"));
        var secretKey = options.S3SecretAccessKey ?? NonEmpty(environment("AWS_SECRET_ACCESS_KEY"));
        var hasKeys = accessKey is not null && secretKey is not null;
        return S3ArtifactStoreOptions.FromUri(location) with
        {
            EndpointUrl = options.S3EndpointUrl
                ?? NonEmpty(environment("MLFLOW_S3_ENDPOINT_URL"))
                ?? NonEmpty(environment("AWS_ENDPOINT_URL_S3"))
                ?? NonEmpty(environment("AWS_ENDPOINT_URL")),
            Region = options.S3Region ?? NonEmpty(environment("AWS_REGION")) ?? NonEmpty(environment("AWS_DEFAULT_REGION")),
            // A key without its secret is left to the SDK's own credential chain.
            AccessKeyId = hasKeys ? accessKey : null,
            SecretAccessKey = hasKeys ? secretKey : null,
            SessionToken = hasKeys ? options.S3SessionToken ?? NonEmpty(environment("AWS_SESSION_TOKEN")) : null,
            ForcePathStyle = options.S3ForcePathStyle,
            PartSize = options.S3PartSize,
            SpoolDirectory = options.S3SpoolDirectory,
        };
    }

    private static bool IsLocalHost(Uri uri) => uri.Host.Length == 0 || uri.Host.Equals("localhost", StringComparison.OrdinalIgnoreCase);

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9+.-]*://")]
    private static partial Regex UriScheme();
}
