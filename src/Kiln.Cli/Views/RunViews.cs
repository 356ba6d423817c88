using Kiln.Cli.Output;
using Kiln.Client;
using Spectre.Console;
using static Kiln.Cli.Output.Format;

namespace Kiln.Cli.Views;

internal static class RunViews
{
    /// <summary>Most metric columns a run table shows; <c>runs show</c> has them all.</summary>
    private const int MaxMetricColumns = 6;

    public static Table Table(IReadOnlyList<Run> runs, bool withMetrics)
    {
        var metricKeys = withMetrics
            ? runs.SelectMany(r => r.Data.Metrics.Select(m => m.Key)).Distinct().Order(StringComparer.Ordinal).Take(MaxMetricColumns).ToList()
            : [];
        var table = Format.Table(["Run ID", "Name", "Experiment", "Status", "Started", "Duration", .. metricKeys]);
        foreach (var run in runs)
        {
            var info = run.Info;
            var metrics = metricKeys.Select(key => run.Data.Metrics.FirstOrDefault(m => m.Key == key) is { } metric ? Number(metric.Value) : string.Empty);
            table.AddRow([Cell(info.RunId), Cell(info.RunName), Cell(info.ExperimentId), Cell(Status(info)), Cell(Time(info.StartTime)), Cell(Duration(info.StartTime, info.EndTime)),
                .. metrics.Select(Cell)]);
        }
        return table;
    }

    public static void Show(CliOutput output, Run run)
    {
        var info = run.Info;
        output.Write(Details(
            ("Run ID", info.RunId),
            ("Name", info.RunName),
            ("Experiment", info.ExperimentId),
            ("Status", Status(info)),
            ("User", info.UserId),
            ("Started", Time(info.StartTime)),
            ("Ended", Time(info.EndTime)),
            ("Duration", Duration(info.StartTime, info.EndTime)),
            ("Artifacts", info.ArtifactUri)));
        if (run.Data.Params.Count > 0)
        {
            output.Write(Heading("Params"));
            output.Write(Pairs("Param", run.Data.Params));
        }
        if (run.Data.Metrics.Count > 0)
        {
            output.Write(Heading("Metrics (latest)"));
            var metrics = Format.Table("Metric", "Value", "Step", "Logged");
            foreach (var metric in run.Data.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                metrics.AddRow(Cell(metric.Key), Cell(Number(metric.Value)), Cell(Number((long?)metric.Step)), Cell(Time(metric.Timestamp)));
            }
            output.Write(metrics);
        }
        if (run.Data.Tags.Count > 0)
        {
            output.Write(Heading("Tags"));
            output.Write(Pairs("Tag", run.Data.Tags));
        }
        if (run.Inputs.DatasetInputs.Count > 0)
        {
            output.Write(Heading("Inputs"));
            var inputs = Format.Table("Dataset", "Digest", "Context", "Source type", "Source");
            foreach (var input in run.Inputs.DatasetInputs)
            {
                var dataset = input.Dataset;
                var context = input.Tags.FirstOrDefault(t => t.Key == "mlflow.data.context")?.Value;
                inputs.AddRow(Cell(dataset.Name), Cell(dataset.Digest), Cell(context), Cell(dataset.SourceType), Cell(dataset.Source));
            }
            output.Write(inputs);
        }
    }

    private static string Status(RunInfo info) => info.LifecycleStage == "deleted" ? info.Status + " (deleted)" : info.Status;
}
