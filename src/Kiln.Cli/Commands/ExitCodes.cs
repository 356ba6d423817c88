namespace Kiln.Cli.Commands;

/// <summary>The process exit codes of client commands.</summary>
internal static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server refused the request, or a local file could not be read or written.</summary>
    public const int Failure = 1;

    /// <summary>The server could not be reached or did not answer in time; worth retrying.</summary>
    public const int Unreachable = 3;

    /// <summary>Interrupted (Ctrl+C); uploads and downloads resume when run again.</summary>
    public const int Cancelled = 130;
}
