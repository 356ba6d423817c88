using Microsoft.Extensions.Logging;

namespace Kiln.Storage;

internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Error, Message = "SQLite commit of {Count} writes failed")]
    public static partial void CommitFailed(ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Information, Message = "Applied {Backend} schema migration {Version} ({Name})")]
    public static partial void MigrationApplied(ILogger logger, string backend, int version, string name);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Retrying a PostgreSQL write after a transient failure ({SqlState})")]
    public static partial void RetryingWrite(ILogger logger, string? sqlState);
}
