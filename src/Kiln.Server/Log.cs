using Microsoft.Extensions.Logging;

namespace Kiln.Server;

internal static partial class Log
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Error, Message = "Unhandled error on {Method} {Path}")]
    public static partial void UnhandledError(ILogger logger, string method, string path, Exception exception);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Kiln {Version} listening on {Address} (metadata: {Backend}, artifacts: {Artifacts})")]
    public static partial void Listening(ILogger logger, string version, string address, string backend, string artifacts);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Retention purged {Runs} runs and {Experiments} experiments deleted more than {Days} days ago")]
    public static partial void RetentionPurged(ILogger logger, int runs, int experiments, double days);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Retention pass failed")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
