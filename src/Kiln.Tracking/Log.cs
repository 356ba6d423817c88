using Microsoft.Extensions.Logging;

namespace Kiln.Tracking;

internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Truncated the value of {Kind} '{Key}' on run {RunId} from {Length} to {Limit} characters")]
    public static partial void Truncated(ILogger logger, string kind, string key, string runId, int length, int limit);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Purged {Runs} runs and {Experiments} experiments deleted before {Cutoff}")]
    public static partial void Purged(ILogger logger, int runs, int experiments, DateTimeOffset cutoff);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Could not delete the artifacts at {Path} of purged {What}")]
    public static partial void ArtifactDeleteFailed(ILogger logger, string path, string what, Exception exception);
}
