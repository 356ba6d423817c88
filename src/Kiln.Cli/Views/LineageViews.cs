using System.Text.Json;
using Kiln.Cli.Output;
using Kiln.Client;
using Spectre.Console;
using static Kiln.Cli.Output.Format;

namespace Kiln.Cli.Views;

internal static class LineageViews
{
    public static void Show(CliOutput output, ModelLineage lineage)
    {
        var version = lineage.ModelVersion;
        output.Write(Details(
            ("Model", version.Name),
            ("Version", version.Version),
            ("Stage", version.CurrentStage),
            ("Status", string.IsNullOrEmpty(version.StatusMessage) ? version.Status : $"{version.Status}: {version.StatusMessage}"),
            ("Aliases", string.Join(", ", version.Aliases)),
            ("Source", version.Source),
            ("Stored at", version.StorageLocation),
            ("Flavors", Flavors(lineage.Model)),
            ("Code version", lineage.CodeVersion),
            ("Source name", lineage.SourceName)));
        if (lineage.Run is { } run)
        {
            output.Write(Heading($"Run {run.RunId}"));
            output.Write(Details(
                ("Name", run.RunName),
                ("Experiment", run.ExperimentId),
                ("Status", run.Status),
                ("User", run.UserId),
                ("Started", Time(run.StartTime)),
                ("Duration", Duration(run.StartTime, run.EndTime))));
            if (run.Params.Count > 0)
            {
                output.Write(Pairs("Param", run.Params.Select(p => new KeyValue(p.Key, p.Value))));
            }
            if (run.Metrics.Count > 0)
            {
                output.Write(Pairs("Metric", run.Metrics.Select(m => new KeyValue(m.Key, Number(m.Value)))));
            }
        }
        if (lineage.Datasets.Count > 0)
        {
            output.Write(Heading("Datasets"));
            var datasets = Table("Dataset", "Digest", "Context", "Source type", "Source");
            foreach (var dataset in lineage.Datasets)
            {
                datasets.AddRow(Cell(dataset.Name), Cell(dataset.Digest), Cell(dataset.Context), Cell(dataset.SourceType), Cell(dataset.Source));
            }
            output.Write(datasets);
        }
        if (lineage.Artifacts.Count > 0)
        {
            output.Write(Heading(lineage.ArtifactsTruncated ? "Artifacts (first ones only)" : "Artifacts"));
            var artifacts = Table("Path", "Size");
            foreach (var artifact in lineage.Artifacts)
            {
                artifacts.AddRow(Cell(artifact.IsDir ? artifact.Path + "/" : artifact.Path), Cell(Bytes(artifact.Size)));
            }
            output.Write(artifacts);
        }
    }

    private static string Flavors(JsonElement? model) =>
        model is { ValueKind: JsonValueKind.Object } m && m.TryGetProperty("flavors", out var flavors) && flavors.ValueKind == JsonValueKind.Array
            ? string.Join(", ", flavors.EnumerateArray().Select(f => f.ToString()))
            : model is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty("flavors", out var map) && map.ValueKind == JsonValueKind.Object
                ? string.Join(", ", map.EnumerateObject().Select(p => p.Name))
                : string.Empty;
}
