using Microsoft.Extensions.Logging;

namespace Kiln.Registry;

internal static partial class Log
{
    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Registration of model {Name} version {Version} failed: {Reason}")]
    public static partial void RegistrationFailed(ILogger logger, string name, long version, string reason);
}
