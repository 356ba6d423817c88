using Kiln.Client.Http;

namespace Kiln.Client;

/// <summary>
/// A typed client for a Kiln server (or any MLflow tracking server, for the MLflow parts): experiments, runs,
/// the model registry, artifacts, and Kiln's own API. Thread-safe; reuse one per server.
/// </summary>
public sealed class KilnClient : IDisposable
{
    private readonly KilnHttp _http;

    public KilnClient(KilnClientOptions options)
        : this(options, TimeProvider.System)
    {
    }

    public KilnClient(Uri baseAddress)
        : this(new KilnClientOptions { BaseAddress = baseAddress })
    {
    }

    internal KilnClient(KilnClientOptions options, TimeProvider clock)
    {
        _http = new KilnHttp(options);
        Experiments = new ExperimentsClient(_http);
        Runs = new RunsClient(_http, clock);
        Models = new ModelRegistryClient(_http);
        Management = new ManagementClient(_http);
        Artifacts = new ArtifactsClient(_http, Runs);
    }

    /// <summary>The server's address, always ending in '/'.</summary>
    public Uri BaseAddress => _http.BaseAddress;

    public ExperimentsClient Experiments { get; }

    public RunsClient Runs { get; }

    public ModelRegistryClient Models { get; }

    /// <summary>Kiln's own API: model history, lineage, metadata, garbage collection.</summary>
    public ManagementClient Management { get; }

    public ArtifactsClient Artifacts { get; }

    /// <summary>True when <c>/health</c> answers OK.</summary>
    public async Task<bool> IsHealthyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            return (await _http.GetTextAsync("health", cancellationToken)).Trim() == "OK";
        }
        catch (Exception ex) when (ex is KilnApiException or KilnConnectionException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>The server's version, from <c>/version</c>.</summary>
    public async Task<string> GetServerVersionAsync(CancellationToken cancellationToken = default) =>
        (await _http.GetTextAsync("version", cancellationToken)).Trim();

    public void Dispose() => _http.Dispose();
}
