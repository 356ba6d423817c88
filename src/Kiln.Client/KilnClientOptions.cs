namespace Kiln.Client;

/// <summary>Where a <see cref="KilnClient"/> connects and how.</summary>
public sealed class KilnClientOptions
{
    /// <summary>The server's base address (the MLflow tracking URI), e.g. <c>http://127.0.0.1:5000</c>; a path prefix is kept.</summary>
    public required Uri BaseAddress { get; init; }

    /// <summary>Sent with every request to the server (never to other hosts); none by default.</summary>
    public KilnCredentials? Credentials { get; init; }

    /// <summary>How long an API call (not an artifact transfer) may take before it fails with a <see cref="TimeoutException"/>.</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(100);

    /// <summary>The handler to send requests through; a pooled <see cref="SocketsHttpHandler"/> when null.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Whether disposing the client disposes <see cref="Handler"/>.</summary>
    public bool DisposeHandler { get; init; } = true;

    /// <summary>Options for <paramref name="trackingUri"/> with credentials from MLflow's environment variables.</summary>
    public static KilnClientOptions FromEnvironment(Uri trackingUri, Func<string, string?>? getVariable = null) => new()
    {
        BaseAddress = trackingUri,
        Credentials = KilnCredentials.FromEnvironment(getVariable ?? Environment.GetEnvironmentVariable),
    };
}
