using System.CommandLine;
using Kiln.Cli.Output;
using Kiln.Client;

namespace Kiln.Cli.Commands;

/// <summary>One client command's invocation: its parsed values, the client for the chosen server, and where output goes.</summary>
internal sealed class CommandContext(ParseResult parseResult, CliHost host) : IDisposable
{
    private KilnClient? _client;

    public CliEnvironment Environment => host.Environment;

    public CliOutput Output { get; } = new(host.Environment, parseResult.GetValue(host.Json));

    public Uri ServerUri => TrackingUri.Parse(TrackingUri.Resolve(parseResult.GetValue(host.TrackingUri), Environment.GetVariable));

    public KilnClient Client => _client ??= CreateClient();

    public T? Value<T>(Option<T> option) => parseResult.GetValue(option);

    public T? Value<T>(Argument<T> argument) => parseResult.GetValue(argument);

    public T Required<T>(Argument<T> argument) => parseResult.GetRequiredValue(argument);

    public void Dispose() => _client?.Dispose();

    private KilnClient CreateClient()
    {
        var options = KilnClientOptions.FromEnvironment(ServerUri, Environment.GetVariable);
        var handler = Environment.CreateHttpHandler?.Invoke();
        return new KilnClient(handler is null ? options : new KilnClientOptions
        {
            BaseAddress = options.BaseAddress,
            Credentials = options.Credentials,
            Handler = handler,
        });
    }
}
