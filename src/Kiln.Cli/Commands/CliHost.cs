using System.CommandLine;
using Kiln.Client;

namespace Kiln.Cli.Commands;

/// <summary>
/// Shared by every client command: the global options (<c>--tracking-uri</c>, <c>--json</c>) and the action wrapper
/// that gives each command a client and output, and turns failures into a message on stderr and an exit code.
/// </summary>
internal sealed class CliHost(CliEnvironment environment)
{
    public CliEnvironment Environment { get; } = environment;

    public Option<string?> TrackingUri { get; } = new("--tracking-uri")
    {
        Description = $"Kiln server address (default: env KILN_TRACKING_URI, else MLFLOW_TRACKING_URI, else {Commands.TrackingUri.Default})",
        Recursive = true,
    };

    public Option<bool> Json { get; } = new("--json")
    {
        Description = "Print the server's objects as JSON instead of tables",
        Recursive = true,
    };

    public void SetAction(Command command, Func<CommandContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            using var context = new CommandContext(parseResult, this);
            try
            {
                return await action(context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return Fail("Cancelled. Uploads and downloads resume where they stopped when run again.", ExitCodes.Cancelled);
            }
            catch (KilnConnectionException ex)
            {
                return Fail($"{ex.Message} Is it running? Choose the server with --tracking-uri or KILN_TRACKING_URI.", ExitCodes.Unreachable);
            }
            catch (TimeoutException ex)
            {
                return Fail(ex.Message, ExitCodes.Unreachable);
            }
            catch (Exception ex) when (ex is KilnApiException or CliException or IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
            {
                return Fail(ex.Message, ExitCodes.Failure);
            }
        });

    private int Fail(string message, int exitCode)
    {
        Environment.Error.WriteLine("Error: " + message);
        return exitCode;
    }
}
