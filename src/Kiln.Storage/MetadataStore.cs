using Kiln.Storage.Postgres;
using Kiln.Storage.Registry;
using Kiln.Storage.Sql;
using Kiln.Storage.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kiln.Storage;

/// <summary>The metadata database and the stores over it, opened and migrated together.</summary>
public sealed class MetadataStore : IAsyncDisposable
{
    private MetadataStore(SqlDatabase database, ITrackingStore tracking, IRegistryStore registry)
    {
        Database = database;
        Tracking = tracking;
        Registry = registry;
    }

    public SqlDatabase Database { get; }

    public ITrackingStore Tracking { get; }

    public IRegistryStore Registry { get; }

    /// <summary>
    /// Opens the store named by <paramref name="backendStore"/>: a PostgreSQL URI (<c>postgresql://user:pass@host:port/db</c>)
    /// or Npgsql connection string (<c>Host=…;Database=…</c>), otherwise a SQLite file path (optionally <c>sqlite:///path</c>).
    /// Schema migrations run before it is returned.
    /// </summary>
    public static async Task<MetadataStore> OpenAsync(string backendStore, ILoggerFactory loggerFactory, TimeProvider clock, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("Kiln.Storage");
        var store = BackendStoreLocation.Parse(backendStore) switch
        {
            { Backend: StorageBackend.Postgres } location => CreatePostgres(location.Target, logger, clock),
            var location => CreateSqlite(location.Target, logger, clock),
        };
        try
        {
            await store.Database.MigrateAsync(cancellationToken);
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
        return store;
    }

    private static MetadataStore CreatePostgres(string connectionString, ILogger logger, TimeProvider clock)
    {
        var database = new PostgresDatabase(connectionString, logger);
        return new MetadataStore(database, new PostgresTrackingStore(database, clock), new SqlRegistryStore(database, clock));
    }

    private static MetadataStore CreateSqlite(string path, ILogger logger, TimeProvider clock)
    {
        var database = new SqliteDatabase(path, logger);
        return new MetadataStore(database, new SqliteTrackingStore(database, clock), new SqlRegistryStore(database, clock));
    }

    public ValueTask DisposeAsync() => Database.DisposeAsync();
}
