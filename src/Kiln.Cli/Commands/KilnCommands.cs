using System.CommandLine;

namespace Kiln.Cli.Commands;

/// <summary>The <c>kiln</c> command tree.</summary>
internal static class KilnCommands
{
    public static RootCommand Build()
    {
        var root = new RootCommand("Kiln: experiment tracking, model registry and serving in one server.")
        {
            ServerCommand.Create(),
        };
        return root;
    }
}
