using System.CommandLine;
using Kiln.Cli.Output;
using Kiln.Cli.Views;
using Kiln.Client;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln experiments list|show|create|delete|restore|rename</c>.</summary>
internal static class ExperimentsCommand
{
    private static readonly CliJsonContext Json = CliJsonContext.Default;

    public static Command Create(CliHost host) => new("experiments", "List, show, create, delete, restore and rename experiments")
    {
        List(host), Show(host), CreateExperiment(host), Delete(host), Restore(host), Rename(host),
    };

    private static Command List(CliHost host)
    {
        var all = new Option<bool>("--all") { Description = "Include deleted experiments" };
        var deleted = new Option<bool>("--deleted") { Description = "Only deleted experiments" };
        var filter = new Option<string?>("--filter") { Description = "MLflow filter, e.g. \"name LIKE 'prod-%'\"" };
        var command = new Command("list", "List experiments") { all, deleted, filter };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var search = new ExperimentSearch
            {
                Filter = context.Value(filter),
                ViewType = context.Value(deleted) ? ViewType.DeletedOnly : context.Value(all) ? ViewType.All : ViewType.ActiveOnly,
            };
            var experiments = await context.Client.Experiments.SearchAllAsync(search, cancellationToken).ToListAsync(cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new ExperimentList(experiments), Json.ExperimentList);
            }
            else
            {
                context.Output.Write(ExperimentViews.Table(experiments));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliHost host)
    {
        var experiment = IdOrName();
        var command = new Command("show", "Show an experiment and its tags") { experiment };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var found = await context.Client.Experiments.FindAsync(context.Required(experiment), cancellationToken);
            Print(context, found);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command CreateExperiment(CliHost host)
    {
        var name = new Argument<string>("name") { Description = "The new experiment's name" };
        var location = new Option<string?>("--artifact-location") { Description = "Where its runs keep artifacts (default: the server's artifact store)" };
        var command = new Command("create", "Create an experiment") { name, location };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var id = await context.Client.Experiments.CreateAsync(context.Required(name), context.Value(location), cancellationToken: cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new CreatedExperiment(id), Json.CreatedExperiment);
            }
            else
            {
                context.Output.Line($"Created experiment '{context.Required(name)}' with id {id}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliHost host) => LifecycleCommand(host, "delete", "Delete an experiment and its runs (restorable until garbage-collected)",
        (client, id, token) => client.Experiments.DeleteAsync(id, token), "Deleted");

    private static Command Restore(CliHost host) => LifecycleCommand(host, "restore", "Restore a deleted experiment and its runs",
        (client, id, token) => client.Experiments.RestoreAsync(id, token), "Restored");

    private static Command Rename(CliHost host)
    {
        var experiment = IdOrName();
        var newName = new Argument<string>("new-name") { Description = "The experiment's new name" };
        var command = new Command("rename", "Rename an experiment") { experiment, newName };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var found = await context.Client.Experiments.FindAsync(context.Required(experiment), cancellationToken);
            await context.Client.Experiments.RenameAsync(found.ExperimentId, context.Required(newName), cancellationToken);
            await ReportAsync(context, found.ExperimentId, $"Renamed experiment {found.ExperimentId} from '{found.Name}' to '{context.Required(newName)}'.", cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command LifecycleCommand(CliHost host, string name, string description, Func<KilnClient, string, CancellationToken, Task> change, string verb)
    {
        var experiment = IdOrName();
        var command = new Command(name, description) { experiment };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var found = await context.Client.Experiments.FindAsync(context.Required(experiment), cancellationToken);
            await change(context.Client, found.ExperimentId, cancellationToken);
            await ReportAsync(context, found.ExperimentId, $"{verb} experiment {found.ExperimentId} ('{found.Name}').", cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>After a change: a confirmation, or with --json the experiment as it now is.</summary>
    private static async Task ReportAsync(CommandContext context, string experimentId, string message, CancellationToken cancellationToken)
    {
        if (context.Output.Json)
        {
            context.Output.WriteJson(await context.Client.Experiments.GetAsync(experimentId, cancellationToken), Json.Experiment);
        }
        else
        {
            context.Output.Line(message);
        }
    }

    private static void Print(CommandContext context, Experiment experiment)
    {
        if (context.Output.Json)
        {
            context.Output.WriteJson(experiment, Json.Experiment);
        }
        else
        {
            ExperimentViews.Show(context.Output, experiment);
        }
    }

    private static Argument<string> IdOrName() => new("experiment") { Description = "Experiment id or name" };
}
