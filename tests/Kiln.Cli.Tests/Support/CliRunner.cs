using System.Text.Json;
using Kiln.Cli.Commands;

namespace Kiln.Cli.Tests.Support;

/// <summary>What one <c>kiln</c> invocation printed and returned.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Out).RootElement.Clone();

    public CliResult EnsureSuccess() => ExitCode == 0 ? this : throw new InvalidOperationException($"kiln exited with {ExitCode}.\nstdout:\n{Out}\nstderr:\n{Error}");
}

/// <summary>
/// Runs <c>kiln</c> commands in-process against a server, with captured output, a private set of environment
/// variables (the tracking URI among them) and, optionally, a handler that sees every HTTP request.
/// </summary>
internal sealed class CliRunner(Uri server)
{
    public Dictionary<string, string?> Variables { get; } = new(StringComparer.Ordinal) { ["KILN_TRACKING_URI"] = server.AbsoluteUri };

    public Func<HttpMessageHandler>? Handler { get; set; }

    public Task<CliResult> RunAsync(params string[] args) => RunAsync(CancellationToken.None, args);

    public async Task<CliResult> RunAsync(CancellationToken cancellationToken, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = TextWriter.Synchronized(output),
            Error = TextWriter.Synchronized(error),
            GetVariable = name => Variables.GetValueOrDefault(name),
            CreateHttpHandler = Handler,
            PlainConsole = true,
            ConsoleWidth = 250,
            HandlesSignals = false,
        };
        var exitCode = await KilnCommands.InvokeAsync(args, environment, cancellationToken);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
