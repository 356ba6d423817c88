using System.CommandLine;

namespace Kiln.Cli.Commands;

/// <summary>The <c>kiln</c> command tree, and how it runs.</summary>
internal static class KilnCommands
{
    public static RootCommand Build(CliEnvironment environment)
    {
        var host = new CliHost(environment);
        return new RootCommand("Kiln: experiment tracking, model registry and serving in one server.")
        {
            host.TrackingUri,
            host.Json,
            ServerCommand.Create(),
            ExperimentsCommand.Create(host),
            RunsCommand.Create(host),
            ModelsCommand.Create(host),
            ArtifactsCommand.Create(host),
            GcCommand.Create(host),
        };
    }

    public static Task<int> InvokeAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        var parseResult = Build(environment).Parse(args);
        var configuration = new InvocationConfiguration
        {
            Output = environment.Out,
            Error = environment.Error,
            // The server drains in-flight requests on SIGTERM by itself, however long that takes; client
            // commands are cancelled on Ctrl+C (and give up two seconds later).
            ProcessTerminationTimeout = environment.HandlesSignals && parseResult.CommandResult.Command.Name != ServerCommand.Name ? TimeSpan.FromSeconds(2) : null,
        };
        return parseResult.InvokeAsync(configuration, cancellationToken);
    }
}
