namespace Kiln.Storage.Artifacts;

/// <summary>
/// Maps artifact URIs that this server serves (<c>mlflow-artifacts:/…</c>, or the same path through its HTTP
/// proxy route) to paths in the artifact store, and back.
/// </summary>
public static class ArtifactUri
{
    public const string Scheme = "mlflow-artifacts";
    public const string ProxyRoute = "/api/2.0/mlflow-artifacts/artifacts";

    /// <summary>The store path a URI names, or null when the URI is not served from this store.</summary>
    public static string? ToStorePath(string uri)
    {
        if (uri.StartsWith(Scheme + ":", StringComparison.OrdinalIgnoreCase))
        {
            var rest = uri[(Scheme.Length + 1)..];
            if (rest.StartsWith("//", StringComparison.Ordinal))
            {
                // mlflow-artifacts://host:port/path: the authority names a server; the path is what counts.
                var slash = rest.IndexOf('/', 2);
                rest = slash < 0 ? string.Empty : rest[slash..];
            }
            return ArtifactPath.Normalize(Uri.UnescapeDataString(rest.TrimStart('/')));
        }
        if (Uri.TryCreate(uri, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            var path = absolute.AbsolutePath;
            var index = path.IndexOf(ProxyRoute, StringComparison.Ordinal);
            if (index >= 0)
            {
                return ArtifactPath.Normalize(Uri.UnescapeDataString(path[(index + ProxyRoute.Length)..].TrimStart('/')));
            }
        }
        return null;
    }

    public static string FromStorePath(string path) => $"{Scheme}:/{path}";

    public static string Combine(string uri, string relative) =>
        string.IsNullOrEmpty(relative) ? uri : uri.TrimEnd('/') + "/" + relative.TrimStart('/');
}
