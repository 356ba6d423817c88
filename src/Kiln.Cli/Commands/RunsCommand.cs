using System.CommandLine;
using Kiln.Cli.Output;
using Kiln.Cli.Views;
using Kiln.Client;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln runs list|show|search|delete|restore</c>.</summary>
internal static class RunsCommand
{
    private static readonly CliJsonContext Json = CliJsonContext.Default;

    public static Command Create(CliHost host) => new("runs", "List, show, search, delete and restore runs")
    {
        List(host), Show(host), Search(host), Delete(host), Restore(host),
    };

    private static Command List(CliHost host)
    {
        var experiment = new Option<string>("--experiment", "-e") { Description = "Experiment id or name", Required = true };
        var maxResults = MaxResults(100);
        var all = new Option<bool>("--all") { Description = "Include deleted runs" };
        var deleted = new Option<bool>("--deleted") { Description = "Only deleted runs" };
        var command = new Command("list", "List an experiment's runs, newest first") { experiment, maxResults, all, deleted };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var found = await context.Client.Experiments.FindAsync(context.Value(experiment)!, cancellationToken);
            var search = new RunSearch
            {
                ExperimentIds = [found.ExperimentId],
                MaxResults = context.Value(maxResults),
                ViewType = context.Value(deleted) ? ViewType.DeletedOnly : context.Value(all) ? ViewType.All : ViewType.ActiveOnly,
            };
            var page = await context.Client.Runs.SearchAsync(search, cancellationToken);
            PrintRuns(context, page.Items, page.NextPageToken, withMetrics: false);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliHost host)
    {
        var runId = RunId();
        var command = new Command("show", "Show a run: info, params, latest metrics, tags and dataset inputs") { runId };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var run = await context.Client.Runs.GetAsync(context.Required(runId), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(run, Json.Run);
            }
            else
            {
                RunViews.Show(context.Output, run);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Search(CliHost host)
    {
        var experiments = new Option<string[]>("--experiment", "-e") { Description = "Experiment id or name (repeatable)", Required = true, AllowMultipleArgumentsPerToken = true };
        var filter = new Option<string?>("--filter") { Description = "MLflow filter, e.g. \"metrics.rmse < 0.8 and params.model = 'rf'\"" };
        var orderBy = new Option<string[]>("--order-by") { Description = "Sort clause, e.g. \"metrics.rmse ASC\" (repeatable)" };
        var maxResults = MaxResults(100);
        var allPages = new Option<bool>("--all-pages") { Description = "Fetch every matching run, page after page" };
        var pageToken = new Option<string?>("--page-token") { Description = "Continue from a previous search's next_page_token" };
        var deleted = new Option<bool>("--deleted") { Description = "Search deleted runs" };
        var command = new Command("search", "Search runs across experiments with MLflow's filter syntax")
        {
            experiments, filter, orderBy, maxResults, allPages, pageToken, deleted,
        };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var ids = new List<string>();
            foreach (var experiment in context.Value(experiments) ?? [])
            {
                ids.Add((await context.Client.Experiments.FindAsync(experiment, cancellationToken)).ExperimentId);
            }
            var search = new RunSearch
            {
                ExperimentIds = ids,
                Filter = context.Value(filter),
                OrderBy = context.Value(orderBy),
                MaxResults = context.Value(maxResults),
                PageToken = context.Value(pageToken),
                ViewType = context.Value(deleted) ? ViewType.DeletedOnly : ViewType.ActiveOnly,
            };
            if (context.Value(allPages))
            {
                PrintRuns(context, await context.Client.Runs.SearchAllAsync(search, cancellationToken).ToListAsync(cancellationToken), null, withMetrics: true);
            }
            else
            {
                var page = await context.Client.Runs.SearchAsync(search, cancellationToken);
                PrintRuns(context, page.Items, page.NextPageToken, withMetrics: true);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(CliHost host) => LifecycleCommand(host, "delete", "Delete a run (restorable until garbage-collected)",
        (client, id, token) => client.Runs.DeleteAsync(id, token), "Deleted");

    private static Command Restore(CliHost host) => LifecycleCommand(host, "restore", "Restore a deleted run",
        (client, id, token) => client.Runs.RestoreAsync(id, token), "Restored");

    private static Command LifecycleCommand(CliHost host, string name, string description, Func<KilnClient, string, CancellationToken, Task> change, string verb)
    {
        var runId = RunId();
        var command = new Command(name, description) { runId };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var id = context.Required(runId);
            await change(context.Client, id, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(await context.Client.Runs.GetAsync(id, cancellationToken), Json.Run);
            }
            else
            {
                context.Output.Line($"{verb} run {id}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static void PrintRuns(CommandContext context, IReadOnlyList<Run> runs, string? nextPageToken, bool withMetrics)
    {
        if (context.Output.Json)
        {
            context.Output.WriteJson(new RunList(runs, nextPageToken), Json.RunList);
            return;
        }
        context.Output.Write(RunViews.Table(runs, withMetrics));
        if (nextPageToken is not null)
        {
            context.Output.Note($"More runs match. Fetch them all with --all-pages, or the next page with --page-token {nextPageToken}");
        }
    }

    private static Argument<string> RunId() => new("run-id") { Description = "The run's id" };

    private static Option<int?> MaxResults(int defaultValue) => new("--max-results", "-n")
    {
        Description = $"Runs per page (default {defaultValue})",
        DefaultValueFactory = _ => defaultValue,
    };
}
