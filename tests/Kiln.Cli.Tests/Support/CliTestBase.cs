using Kiln.Client;
using Kiln.TestSupport;

namespace Kiln.Cli.Tests.Support;

/// <summary>A fresh real server (SQLite) per test, a CLI pointed at it, and a typed client for setting up data.</summary>
public abstract class CliTestBase : IAsyncLifetime
{
    private KilnTestServer? _server;
    private KilnClient? _client;
    private CliRunner? _cli;

    protected KilnTestServer Server => _server!;

    protected KilnClient Client => _client!;

    internal CliRunner Cli => _cli!;

    public async Task InitializeAsync()
    {
        _server = await KilnTestServer.StartAsync(TestBackend.Sqlite);
        _client = new KilnClient(Server.BaseAddress);
        _cli = new CliRunner(Server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
