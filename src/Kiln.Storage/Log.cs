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

    [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Could not remove the temporary file {Path}")]
    public static partial void TempFileNotRemoved(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "Removed {Uploads} stale multipart uploads and {TempFiles} stale temporary files from {Root}")]
    public static partial void StaleUploadsRemoved(ILogger logger, int uploads, int tempFiles, string root);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Streaming {Key} to S3 as multipart upload {UploadId} in parts of {PartSize} bytes")]
    public static partial void S3MultipartWriteStarted(ILogger logger, string key, string uploadId, int partSize);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "Could not abort S3 multipart upload {UploadId} of {Key} after a failed write; a bucket lifecycle rule will have to remove its parts")]
    public static partial void S3AbortFailed(ILogger logger, string key, string uploadId, Exception exception);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Debug, Message = "Deleted {Count} S3 objects under {Prefix}")]
    public static partial void S3ObjectsDeleted(ILogger logger, int count, string prefix);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Warning, Message = "SQLite statistics refresh (PRAGMA optimize) failed")]
    public static partial void OptimizeFailed(ILogger logger, Exception exception);
}
