namespace Kiln.Client;

/// <summary>The server could not be reached at all (refused, unresolvable host, connection reset before an answer).</summary>
public sealed class KilnConnectionException(Uri server, Exception inner)
    : Exception($"Could not reach the Kiln server at {server} ({Reason(inner)}).", inner)
{
    public Uri Server { get; } = server;

    private static string Reason(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is System.Net.Sockets.SocketException socket)
            {
                return socket.Message;
            }
        }
        return exception.Message;
    }
}
