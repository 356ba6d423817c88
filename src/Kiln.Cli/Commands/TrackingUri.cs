namespace Kiln.Cli.Commands;

/// <summary>Which server client commands talk to: <c>--tracking-uri</c>, else <c>KILN_TRACKING_URI</c>, else <c>MLFLOW_TRACKING_URI</c>, else the local default.</summary>
internal static class TrackingUri
{
    public const string Default = "http://127.0.0.1:5000";

    public static string Resolve(string? option, Func<string, string?> getVariable) =>
        new[] { option, getVariable("KILN_TRACKING_URI"), getVariable("MLFLOW_TRACKING_URI") }.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim() ?? Default;

    public static Uri Parse(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new CliException($"The tracking URI '{text}' is not the http(s) address of a Kiln server.");
}
