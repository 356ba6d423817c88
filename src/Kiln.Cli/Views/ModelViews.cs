using Kiln.Cli.Output;
using Kiln.Client;
using Spectre.Console;
using static Kiln.Cli.Output.Format;

namespace Kiln.Cli.Views;

internal static class ModelViews
{
    public static Table Table(IReadOnlyList<RegisteredModel> models)
    {
        var table = Format.Table("Name", "Latest versions", "Aliases", "Updated", "Description");
        foreach (var model in models)
        {
            table.AddRow(Cell(model.Name), Cell(LatestVersions(model)), Cell(Aliases(model)), Cell(Time(model.LastUpdatedTimestamp ?? model.CreationTimestamp)), Cell(model.Description));
        }
        return table;
    }

    public static void Show(CliOutput output, RegisteredModel model)
    {
        output.Write(Details(
            ("Name", model.Name),
            ("Description", model.Description),
            ("Created", Time(model.CreationTimestamp)),
            ("Updated", Time(model.LastUpdatedTimestamp)),
            ("Aliases", Aliases(model))));
        if (model.LatestVersions.Count > 0)
        {
            output.Write(Heading("Latest versions"));
            output.Write(Versions(model.LatestVersions));
        }
        if (model.Tags.Count > 0)
        {
            output.Write(Heading("Tags"));
            output.Write(Pairs("Tag", model.Tags));
        }
    }

    public static Table Versions(IEnumerable<ModelVersion> versions)
    {
        var table = Format.Table("Version", "Stage", "Status", "Aliases", "Run ID", "Created", "Source");
        foreach (var version in versions)
        {
            table.AddRow(Cell(version.Version), Cell(version.CurrentStage), Cell(version.Status), Cell(string.Join(", ", version.Aliases)),
                Cell(version.RunId), Cell(Time(version.CreationTimestamp)), Cell(version.Source));
        }
        return table;
    }

    public static Table History(ModelHistory history)
    {
        var table = Format.Table("When", "Event", "Alias", "Version", "Stage", "Actor", "From address");
        foreach (var entry in history.Events)
        {
            var version = entry.Kind == "stage_transition" ? Number(entry.Version) : Change(Number(entry.FromVersion), Number(entry.ToVersion));
            var stage = entry.Kind == "stage_transition" ? Change(entry.FromStage, entry.ToStage) : string.Empty;
            table.AddRow(Cell(Time(entry.Timestamp)), Cell(entry.Kind.Replace('_', ' ')), Cell(entry.Alias), Cell(version), Cell(stage), Cell(entry.Actor), Cell(entry.ClientAddress));
        }
        return table;
    }

    private static string Change(string? from, string? to) =>
        string.IsNullOrEmpty(from) ? to ?? string.Empty : string.IsNullOrEmpty(to) ? from + " → (none)" : $"{from} → {to}";

    private static string LatestVersions(RegisteredModel model) =>
        string.Join(", ", model.LatestVersions.Select(v => v.CurrentStage == "None" ? "v" + v.Version : $"v{v.Version} ({v.CurrentStage})"));

    private static string Aliases(RegisteredModel model) => string.Join(", ", model.Aliases.Select(a => $"{a.Alias} → v{a.Version}"));
}
