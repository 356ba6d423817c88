using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Kiln.Cli.Commands;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kiln.Cli.Output;

/// <summary>Where a command writes: tables and messages to stdout, or JSON with <c>--json</c>; progress and hints to stderr.</summary>
internal sealed class CliOutput(CliEnvironment environment, bool json)
{
    private IAnsiConsole? _console;
    private IAnsiConsole? _errorConsole;

    public bool Json { get; } = json;

    public IAnsiConsole Console => _console ??= environment.CreateConsole(environment.Out);

    /// <summary>For live progress, which must not mix with what goes to stdout.</summary>
    public IAnsiConsole ErrorConsole => _errorConsole ??= environment.CreateConsole(environment.Error);

    public void WriteJson<T>(T value, JsonTypeInfo<T> type) => environment.Out.WriteLine(JsonSerializer.Serialize(value, type));

    public void Write(IRenderable renderable) => Console.Write(renderable);

    /// <summary>A plain line on stdout (confirmations in table mode).</summary>
    public void Line(string text) => environment.Out.WriteLine(text);

    /// <summary>A hint on stderr, so it never spoils JSON on stdout.</summary>
    public void Note(string text) => environment.Error.WriteLine(text);
}
