namespace Kiln.Client;

/// <summary>
/// The server could not be reached (refused, unresolvable host, TLS failure), or the connection died before it
/// answered, in which case the request may or may not have been carried out.
/// </summary>
public sealed class KilnConnectionException(Uri server, HttpRequestException inner) : Exception(Describe(server, inner), inner)
{
    public Uri Server { get; } = server;

    /// <summary>True when the request never reached the server, so it certainly was not carried out.</summary>
    public bool NotSent { get; } = NeverSent(inner);

    private static string Describe(Uri server, HttpRequestException exception) => NeverSent(exception)
        ? $"Could not reach the Kiln server at {server} ({Reason(exception)})."
        : $"Lost the connection to the Kiln server at {server} before it answered ({Reason(exception)}).";

    private static bool NeverSent(HttpRequestException exception) =>
        exception.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError;

    private static string Reason(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Net.Sockets.SocketException socket)
            {
                return socket.Message;
            }
        }
        return exception.Message;
    }
}
