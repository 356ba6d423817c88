using System.CommandLine;
using Kiln.Cli.Output;
using Spectre.Console;
using static Kiln.Cli.Output.Format;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln gc</c>: permanently deletes deleted runs and experiments, artifacts included.</summary>
internal static class GcCommand
{
    public static Command Create(CliHost host)
    {
        var olderThan = new Option<double?>("--older-than-days") { Description = "Only what was deleted more than this many days ago (default: everything deleted)" };
        var runIds = new Option<string[]>("--run-id") { Description = "Only these deleted runs (repeatable)" };
        var command = new Command("gc", "Permanently delete deleted runs and experiments, artifacts included") { olderThan, runIds };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var days = context.Value(olderThan);
            if (days is < 0 || (days is { } value && double.IsNaN(value)))
            {
                throw new CliException("--older-than-days must be zero or more.");
            }
            var result = await context.Client.Management.CollectGarbageAsync(days, context.Value(runIds), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(result, CliJsonContext.Default.GcResult);
                return ExitCodes.Success;
            }
            context.Output.Line($"Purged {result.PurgedRuns.Count} run(s) and {result.PurgedExperiments.Count} experiment(s); "
                + $"deleted {result.ArtifactFoldersDeleted} artifact folder(s).");
            if (result.PurgedRuns.Count + result.PurgedExperiments.Count > 0)
            {
                var table = Table("Kind", "ID");
                foreach (var run in result.PurgedRuns)
                {
                    table.AddRow(Cell("run"), Cell(run));
                }
                foreach (var experiment in result.PurgedExperiments)
                {
                    table.AddRow(Cell("experiment"), Cell(experiment));
                }
                context.Output.Write(table);
            }
            if (result.ArtifactFoldersFailed > 0)
            {
                context.Output.Note($"Warning: {result.ArtifactFoldersFailed} artifact folder(s) could not be deleted; see the server's log.");
                return ExitCodes.Failure;
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
