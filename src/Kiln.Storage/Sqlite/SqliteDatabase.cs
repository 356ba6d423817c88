using System.Collections.Concurrent;
using System.Data.Common;
using Kiln.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kiln.Storage.Sqlite;

/// <summary>
/// SQLite in WAL mode: readers run concurrently on their own connections; every write goes through
/// one <see cref="SqliteWriteQueue"/>, so concurrent loggers never meet "database is locked".
/// </summary>
public sealed class SqliteDatabase : SqlDatabase
{
    private readonly string _connectionString;
    private readonly ConcurrentBag<SqliteConnection> _readers = [];
    private readonly SqliteWriteQueue _writer;
    private readonly ILogger _logger;
    private static readonly TimeSpan OptimizeInterval = TimeSpan.FromMinutes(30);
    private Timer? _optimizer;
    private int _disposed;

    public SqliteDatabase(string path, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
        FilePath = Path.GetFullPath(path);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = FilePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString();
        _logger = logger;
        _writer = new SqliteWriteQueue(OpenWriter(), logger);
    }

    public string FilePath { get; }

    public override StorageBackend Backend => StorageBackend.Sqlite;

    public override SqlDialect Dialect => SqlDialect.Sqlite;

    public override ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken)
    {
        if (_readers.TryTake(out var connection))
        {
            return ValueTask.FromResult<DbConnection>(connection);
        }
        connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA query_only = ON; PRAGMA cache_size = -32768; PRAGMA mmap_size = 268435456; PRAGMA temp_store = MEMORY;");
        return ValueTask.FromResult<DbConnection>(connection);
    }

    public override ValueTask ReturnReadConnectionAsync(DbConnection connection)
    {
        if (Volatile.Read(ref _disposed) == 0 && _readers.Count < 16)
        {
            _readers.Add((SqliteConnection)connection);
        }
        else
        {
            connection.Dispose();
        }
        return ValueTask.CompletedTask;
    }

    protected override Task<T> WriteCoreAsync<T>(WriteWork<T> work, CancellationToken cancellationToken) =>
        _writer.EnqueueAsync(work, cancellationToken);

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync((connection, transaction, ct) => Migrator.ApplyAsync(connection, transaction, "sqlite", _logger, ct), cancellationToken);
        await OptimizeAsync(cancellationToken);
        _optimizer = new Timer(_ => _ = OptimizeAsync(CancellationToken.None), null, OptimizeInterval, OptimizeInterval);
    }

    /// <summary>
    /// Refreshes the query planner's statistics where tables changed a lot (SQLite's recommended upkeep), so search
    /// plans follow the data as it grows.
    /// </summary>
    private async Task OptimizeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(static async (connection, transaction, ct) =>
            {
                using var command = connection.Command("PRAGMA analysis_limit = 1000; PRAGMA optimize = 0x10002;", transaction);
                return await command.ExecuteNonQueryAsync(ct);
            }, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.OptimizeFailed(_logger, ex);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }
        if (_optimizer is not null)
        {
            await _optimizer.DisposeAsync();
        }
        await _writer.DisposeAsync();
        while (_readers.TryTake(out var connection))
        {
            connection.Dispose();
        }
    }

    private SqliteConnection OpenWriter()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        // WAL with synchronous=FULL: a commit returns only after the WAL is fsynced.
        Execute(connection, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = OFF; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY; PRAGMA wal_autocheckpoint = 4000;");
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
