using Kiln.TestSupport;

namespace Kiln.Server.Tests;

/// <summary>A fresh real server per test, on the backend the subclass names.</summary>
public abstract class ServerTestBase : IAsyncLifetime
{
    protected KilnTestServer Server { get; private set; } = null!;

    protected MlflowTestClient Mlflow => Server.Mlflow;

    protected abstract TestBackend Backend { get; }

    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => Server = await KilnTestServer.StartAsync(Backend, Settings);

    public async Task DisposeAsync() => await Server.DisposeAsync();
}
