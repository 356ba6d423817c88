using System.Collections.Concurrent;

namespace Kiln.Cli.Tests.Support;

/// <summary>A request the client sent, as a test wants to look at it.</summary>
internal sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Range, string? Authorization, string? Body);

/// <summary>
/// Sends requests to the network while recording them (JSON bodies included), and lets a test act on each answer:
/// count it, cancel the command after some of them, or replace its body.
/// </summary>
internal sealed class RecordingHandler(ConcurrentQueue<RecordedRequest> log, Func<HttpRequestMessage, HttpResponseMessage, HttpResponseMessage>? onResponse = null)
    : DelegatingHandler(new SocketsHttpHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content?.Headers.ContentType?.MediaType == "application/json" ? await request.Content.ReadAsStringAsync(cancellationToken) : null;
        log.Enqueue(new RecordedRequest(request.Method, request.RequestUri!, request.Headers.Range?.ToString(), request.Headers.Authorization?.ToString(), body));
        var response = await base.SendAsync(request, cancellationToken);
        return onResponse is null ? response : onResponse(request, response);
    }
}
