using Kiln.Cli.Output;
using Kiln.Client;
using Spectre.Console;
using static Kiln.Cli.Output.Format;

namespace Kiln.Cli.Views;

internal static class ExperimentViews
{
    public static Table Table(IReadOnlyList<Experiment> experiments)
    {
        var table = Format.Table("ID", "Name", "Stage", "Created", "Artifact location");
        foreach (var experiment in experiments)
        {
            table.AddRow(Cell(experiment.ExperimentId), Cell(experiment.Name), Cell(experiment.LifecycleStage), Cell(Time(experiment.CreationTime)), Cell(experiment.ArtifactLocation));
        }
        return table;
    }

    public static void Show(CliOutput output, Experiment experiment)
    {
        output.Write(Details(
            ("ID", experiment.ExperimentId),
            ("Name", experiment.Name),
            ("Stage", experiment.LifecycleStage),
            ("Artifact location", experiment.ArtifactLocation),
            ("Created", Time(experiment.CreationTime)),
            ("Last updated", Time(experiment.LastUpdateTime))));
        if (experiment.Tags.Count > 0)
        {
            output.Write(Pairs("Tag", experiment.Tags));
        }
    }
}
