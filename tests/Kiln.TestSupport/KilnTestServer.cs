using Kiln.Server.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace Kiln.TestSupport;

public enum TestBackend
{
    Sqlite,
    Postgres,
}

/// <summary>
/// A real Kiln server on 127.0.0.1 with a free port, a fresh data folder and a real database (a SQLite file, or an
/// empty schema on the test PostgreSQL server), with an HTTP client pointed at it.
/// </summary>
public sealed class KilnTestServer : IAsyncDisposable
{
    private KilnTestServer(WebApplication app, TempDirectory directory, Uri baseAddress)
    {
        App = app;
        Directory = directory;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
        Mlflow = new MlflowTestClient(Client);
    }

    public WebApplication App { get; }

    public TempDirectory Directory { get; }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public MlflowTestClient Mlflow { get; }

    public static async Task<KilnTestServer> StartAsync(TestBackend backend, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var directory = new TempDirectory("kiln-server");
        var configuration = new Dictionary<string, string?>
        {
            ["Kiln:Host"] = "127.0.0.1",
            ["Kiln:Port"] = "0",
            ["Kiln:DataDir"] = directory.Path,
            ["Kiln:BackendStore"] = backend == TestBackend.Postgres ? await TestPostgres.CreateSchemaAsync() : Path.Combine(directory.Path, "kiln.db"),
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }
        var app = await KilnServer.BuildAsync([], configuration, logging => logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning));
        await app.StartAsync();
        var address = KilnServer.Addresses(app).First();
        return new KilnTestServer(app, directory, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Directory.Dispose();
    }
}
