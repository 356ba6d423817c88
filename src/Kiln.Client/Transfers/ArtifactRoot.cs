namespace Kiln.Client.Transfers;

/// <summary>Paths in the server's artifact store, reached through its mlflow-artifacts proxy.</summary>
internal static class ArtifactRoot
{
    private const string Scheme = "mlflow-artifacts:";
    private const string ProxyRoute = "api/2.0/mlflow-artifacts/artifacts";

    /// <summary>
    /// The store path of a run's artifact URI: <c>mlflow-artifacts:/1/abc/artifacts</c> (or with an authority, or the
    /// proxy's HTTP URL) → <c>1/abc/artifacts</c>. Other schemes are not reachable through the server.
    /// </summary>
    public static string ToStorePath(string? artifactUri, string runId)
    {
        if (artifactUri is not null && artifactUri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var rest = artifactUri[Scheme.Length..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? string.Empty : rest[slash..];
            }
            return Uri.UnescapeDataString(rest).Trim('/');
        }
        if (artifactUri is not null && Uri.TryCreate(artifactUri, UriKind.Absolute, out var url) && url.Scheme is "http" or "https")
        {
            var index = url.AbsolutePath.IndexOf("/" + ProxyRoute, StringComparison.Ordinal);
            if (index >= 0)
            {
                return Uri.UnescapeDataString(url.AbsolutePath[(index + ProxyRoute.Length + 1)..]).Trim('/');
            }
        }
        throw new NotSupportedException(
            $"Run {runId} keeps its artifacts at '{artifactUri}', which is not served through the Kiln server's artifact proxy.");
    }

    /// <summary>The proxy route of a store path, relative to the server's base address.</summary>
    public static string ProxyUrl(string storePath) => ProxyRoute + "/" + Escape(storePath);

    public static string MultipartUrl(string action, string storePath) => $"api/2.0/mlflow-artifacts/mpu/{action}/{Escape(storePath)}";

    /// <summary>Joins '/'-separated paths, skipping empty ones.</summary>
    public static string Combine(params string?[] parts) =>
        string.Join('/', parts.Where(p => !string.IsNullOrEmpty(p)).Select(p => p!.Trim('/')).Where(p => p.Length > 0));

    /// <summary>A relative artifact path as the server wants it: '/'-separated, no leading or trailing '/', no '..'.</summary>
    public static string NormalizeRelative(string? path)
    {
        var normalized = (path ?? string.Empty).Replace('\\', '/').Trim('/');
        if (normalized.Split('/').Any(segment => segment is ".." or "."))
        {
            throw new ArgumentException($"The artifact path '{path}' may not contain '.' or '..' segments.", nameof(path));
        }
        return normalized;
    }

    public static (string Directory, string Name) Split(string storePath)
    {
        var slash = storePath.LastIndexOf('/');
        return slash < 0 ? (string.Empty, storePath) : (storePath[..slash], storePath[(slash + 1)..]);
    }

    private static string Escape(string path) => string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
