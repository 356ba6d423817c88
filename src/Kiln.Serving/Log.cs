using Microsoft.Extensions.Logging;

namespace Kiln.Serving;

internal static partial class Log
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Loaded model {Name} version {Version} ({Bytes} bytes, batching {Batching}) in {Milliseconds:F0} ms")]
    public static partial void ModelLoaded(ILogger logger, string name, long version, long bytes, bool batching, double milliseconds);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Model {Name} version {Version} failed to load; {Serving}. Reason: {Reason}")]
    public static partial void ModelLoadFailed(ILogger logger, string name, long version, string serving, string reason);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Model {Name} now answers with version {Version} (was {Previous})")]
    public static partial void ModelSwapped(ILogger logger, string name, long version, string previous);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Unloading model {Name} version {Version}: {Why}")]
    public static partial void ModelUnloading(ILogger logger, string name, long version, string why);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Warning, Message = "Reading the registry for serving failed; retrying at the next poll")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Batching is configured for model {Name} version {Version}, but not every input and output has a variable first dimension; serving without batching")]
    public static partial void BatchingUnsupported(ILogger logger, string name, long version);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Warning, Message = "Pinned models exceed the serving capacity ({Loaded} loaded, {Bytes} bytes); nothing can be unloaded to make room")]
    public static partial void OverCapacity(ILogger logger, int loaded, long bytes);
}
