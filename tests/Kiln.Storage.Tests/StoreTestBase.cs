using Kiln.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Storage.Tests;

/// <summary>Opens a fresh metadata store per test on the backend a subclass names.</summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    private readonly TempDirectory _directory = new("kiln-store");

    protected MetadataStore Store { get; private set; } = null!;

    protected ITrackingStore Tracking => Store.Tracking;

    protected IRegistryStore Registry => Store.Registry;

    protected string Directory => _directory.Path;

    protected abstract Task<string> BackendStoreAsync();

    public virtual async Task InitializeAsync()
    {
        Store = await MetadataStore.OpenAsync(await BackendStoreAsync(), NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        await Tracking.EnsureDefaultExperimentAsync("mlflow-artifacts:/0", CancellationToken.None);
    }

    public virtual async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        _directory.Dispose();
    }

    protected Task<string> SqliteStoreAsync() => Task.FromResult(Path.Combine(Directory, "kiln.db"));

    protected static Task<string> PostgresStoreAsync() => TestPostgres.CreateSchemaAsync();
}
