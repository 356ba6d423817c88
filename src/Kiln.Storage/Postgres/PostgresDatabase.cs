using System.Data.Common;
using Kiln.Storage.Sql;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Kiln.Storage.Postgres;

/// <summary>
/// PostgreSQL through one pooled <see cref="NpgsqlDataSource"/>. Each write is its own transaction;
/// serialization failures and deadlocks are retried, since every unit of work is idempotent until commit.
/// </summary>
public sealed class PostgresDatabase : SqlDatabase
{
    private const int MaxAttempts = 5;
    private readonly NpgsqlDataSource _dataSource;
    private readonly ILogger _logger;

    public PostgresDatabase(string connectionString, ILogger logger)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 256;
            builder.AutoPrepareMinUsages = 2;
        }
        builder.NoResetOnClose = true;
        _dataSource = NpgsqlDataSource.Create(builder.ConnectionString);
        _logger = logger;
    }

    public override StorageBackend Backend => StorageBackend.Postgres;

    public override SqlDialect Dialect => SqlDialect.Postgres;

    public override async ValueTask<DbConnection> OpenReadConnectionAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    public override ValueTask ReturnReadConnectionAsync(DbConnection connection) => connection.DisposeAsync();

    protected override async Task<T> WriteCoreAsync<T>(WriteWork<T> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            try
            {
                var result = await work(connection, transaction, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                return result;
            }
            catch (PostgresException ex) when (attempt < MaxAttempts && IsTransient(ex))
            {
                Log.RetryingWrite(_logger, ex.SqlState);
                await Task.Delay(TimeSpan.FromMilliseconds(5 * attempt * attempt), cancellationToken);
            }
        }
    }

    public override async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await WriteAsync(async (connection, transaction, ct) =>
        {
            // Replicas starting together: one migrates, the others wait for it.
            using (var command = connection.Command("SELECT pg_advisory_xact_lock(7458112)", transaction))
            {
                await command.ExecuteNonQueryAsync(ct);
            }
            return await Migrator.ApplyAsync(connection, transaction, "postgres", _logger, ct);
        }, cancellationToken);
    }

    public override ValueTask DisposeAsync() => _dataSource.DisposeAsync();

    private static bool IsTransient(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected;
}
