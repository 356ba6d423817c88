using Spectre.Console;

namespace Kiln.Cli.Commands;

/// <summary>What the commands touch outside themselves: output writers, environment variables, the HTTP stack, the terminal.</summary>
internal sealed class CliEnvironment
{
    public required TextWriter Out { get; init; }

    public required TextWriter Error { get; init; }

    public Func<string, string?> GetVariable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The handler the client sends requests through; the client's default when null.</summary>
    public Func<HttpMessageHandler>? CreateHttpHandler { get; init; }

    /// <summary>No ANSI codes, colours or live displays, whatever the writers are.</summary>
    public bool PlainConsole { get; init; }

    /// <summary>Table width; the terminal's (or 80) when null.</summary>
    public int? ConsoleWidth { get; init; }

    /// <summary>Whether Ctrl+C and SIGTERM cancel client commands (a real process) or are left alone (tests).</summary>
    public bool HandlesSignals { get; init; } = true;

    public static CliEnvironment FromProcess() => new() { Out = Console.Out, Error = Console.Error };

    /// <summary>Width of tables written to a file or pipe, where no terminal says how wide it is.</summary>
    private const int RedirectedWidth = 200;

    public IAnsiConsole CreateConsole(TextWriter writer)
    {
        var plain = PlainConsole || IsRedirected(writer);
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = plain ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = plain ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
            Interactive = plain ? InteractionSupport.No : InteractionSupport.Detect,
            Out = new AnsiConsoleOutput(writer),
        });
        if ((ConsoleWidth ?? (plain && !PlainConsole ? RedirectedWidth : (int?)null)) is { } width)
        {
            console.Profile.Width = width;
        }
        return console;
    }

    /// <summary>Whether a writer is the process's stdout or stderr sent to a file or pipe (no colours or live displays there).</summary>
    private static bool IsRedirected(TextWriter writer) =>
        (writer == Console.Out && Console.IsOutputRedirected) || (writer == Console.Error && Console.IsErrorRedirected);
}
