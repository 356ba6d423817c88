using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using Kiln.Core.Metrics;

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
    private Histogram? _latency;

    public abstract StorageBackend Backend { get; }

    public abstract SqlDialect Dialect { get; }

    public abstract ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken);

    public abstract ValueTask ReturnReadConnectionAsync(DbConnection connection);

    /// <summary>Runs a unit of work in a write transaction; returns once it is durably committed.</summary>
    public async Task<T> WriteAsync<T>(WriteWork<T> work, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await WriteCoreAsync(work, cancellationToken);
        }
        finally
        {
            _latency?.WithLabels(BackendLabel, operation, "write").ObserveSince(started);
        }
    }

    protected abstract Task<T> WriteCoreAsync<T>(WriteWork<T> work, CancellationToken cancellationToken);

    /// <summary>Records each store operation's latency in <c>kiln_store_operation_duration_seconds</c>.</summary>
    public void UseMetrics(MetricsRegistry metrics) =>
        _latency = metrics.Histogram("kiln_store_operation_duration_seconds", "Latency of metadata store operations.", Buckets.Latency, "backend", "operation", "kind");

    private string BackendLabel => Backend == StorageBackend.Sqlite ? "sqlite" : "postgres";

    public abstract Task MigrateAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();

    /// <summary>Runs a read against a pooled connection and returns it to the pool afterwards.</summary>
    public async Task<T> ReadAsync<T>(Func<DbConnection, CancellationToken, Task<T>> read, CancellationToken cancellationToken, [CallerMemberName] string operation = "")
    {
        var started = Stopwatch.GetTimestamp();
        var connection = await OpenReadConnectionAsync(cancellationToken);
        try
        {
            return await read(connection, cancellationToken);
        }
        finally
        {
            await ReturnReadConnectionAsync(connection);
            _latency?.WithLabels(BackendLabel, operation, "read").ObserveSince(started);
        }
    }
}

public enum StorageBackend
{
    Sqlite,
    Postgres,
}
