using System.Data.Common;

namespace Kiln.Storage.Sql;

/// <summary>A unit of work run inside a write transaction.</summary>
public delegate ValueTask<T> WriteWork<T>(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken);

/// <summary>
/// One relational metadata database. Reads run on pooled connections; writes go through <see cref="WriteAsync{T}"/>,
/// which gives each unit of work its own transaction (PostgreSQL) or a savepoint in a group commit through one
/// writer (SQLite). A write that returns has been committed durably.
/// </summary>
public abstract class SqlDatabase : IAsyncDisposable
{
    public abstract StorageBackend Backend { get; }

    public abstract SqlDialect Dialect { get; }

    public abstract ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    public abstract ValueTask ReturnReadConnectionAsync(DbConnection connection);

    public abstract Task<T> WriteAsync<T>(WriteWork<T> work, CancellationToken cancellationToken);

    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs a read against a pooled connection and returns it to the pool afterwards.</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        var connection = await OpenReadConnectionAsync(cancellationToken);
        try
        {
            return await read(connection, cancellationToken);
        }
        finally
        {
            await ReturnReadConnectionAsync(connection);
        }
    }
}

public enum StorageBackend
{
    Sqlite,
    Postgres,
}
