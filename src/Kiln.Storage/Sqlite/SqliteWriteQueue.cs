using System.Data.Common;
using System.Threading.Channels;
using Kiln.Storage.Sql;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;

namespace Kiln.Storage.Sqlite;

/// <summary>
/// The single SQLite writer. Writes queue up while a commit is in flight; the writer then runs all queued
/// units of work in one transaction (group commit: one fsync for many writes), each inside its own savepoint
/// so one failing unit rolls back alone. Callers are answered only after the commit is durable.
/// </summary>
internal sealed class SqliteWriteQueue : IAsyncDisposable
{
    private const int MaxWritesPerCommit = 1024;

    private readonly Channel<PendingWrite> _queue = Channel.CreateBounded<PendingWrite>(
        new BoundedChannelOptions(16_384) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly SqliteConnection _connection;
    private readonly ILogger _logger;
    private readonly Task _loop;

    public SqliteWriteQueue(SqliteConnection connection, ILogger logger)
    {
        _connection = connection;
        _logger = logger;
        _loop = Task.Factory.StartNew(RunAsync, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
    }

    public Task<T> EnqueueAsync<T>(WriteWork<T> work, CancellationToken cancellationToken)
    {
        var pending = new PendingWrite<T>(work, cancellationToken);
        if (_queue.Writer.TryWrite(pending))
        {
            return pending.Task;
        }
        return EnqueueSlowAsync(pending, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop;
        await _connection.DisposeAsync();
    }

    private async Task<T> EnqueueSlowAsync<T>(PendingWrite<T> pending, CancellationToken cancellationToken)
    {
        await _queue.Writer.WriteAsync(pending, cancellationToken);
        return await pending.Task;
    }

    private async Task RunAsync()
    {
        var committed = new List<PendingWrite>(MaxWritesPerCommit);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync())
        {
            committed.Clear();
            DbTransaction transaction;
            try
            {
                transaction = _connection.BeginTransaction(deferred: false);
            }
            catch (Exception ex)
            {
                FailQueued(reader, ex);
                continue;
            }
            using (transaction)
            {
                while (committed.Count < MaxWritesPerCommit && reader.TryRead(out var pending))
                {
                    if (pending.IsCanceled)
                    {
                        pending.Cancel();
                        continue;
                    }
                    transaction.Save("w");
                    try
                    {
                        await pending.ExecuteAsync(_connection, transaction);
                        transaction.Release("w");
                        committed.Add(pending);
                    }
                    catch (Exception ex)
                    {
                        transaction.Rollback("w");
                        transaction.Release("w");
                        pending.Fail(ex);
                    }
                }
                try
                {
                    transaction.Commit();
                }
                catch (Exception ex)
                {
                    Log.CommitFailed(_logger, committed.Count, ex);
                    foreach (var pending in committed)
                    {
                        pending.Fail(ex);
                    }
                    continue;
                }
            }
            foreach (var pending in committed)
            {
                pending.Complete();
            }
        }
    }

    private static void FailQueued(ChannelReader<PendingWrite> reader, Exception ex)
    {
        while (reader.TryRead(out var pending))
        {
            pending.Fail(ex);
        }
    }

    private abstract class PendingWrite
    {
        public abstract bool IsCanceled { get; }

        public abstract ValueTask ExecuteAsync(DbConnection connection, DbTransaction transaction);

        public abstract void Complete();

        public abstract void Fail(Exception ex);

        public abstract void Cancel();
    }

    private sealed class PendingWrite<T>(WriteWork<T> work, CancellationToken cancellationToken) : PendingWrite
    {
        private readonly TaskCompletionSource<T> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private T _result = default!;

        public Task<T> Task => _completion.Task;

        public override bool IsCanceled => cancellationToken.IsCancellationRequested;

        public override async ValueTask ExecuteAsync(DbConnection connection, DbTransaction transaction) =>
            _result = await work(connection, transaction, CancellationToken.None);

        public override void Complete() => _completion.TrySetResult(_result);

        public override void Fail(Exception ex) => _completion.TrySetException(ex);

        public override void Cancel() => _completion.TrySetCanceled(cancellationToken);
    }
}
