using Kiln.Client;
using Spectre.Console;
using static Kiln.Cli.Output.Format;

namespace Kiln.Cli.Views;

internal static class ArtifactViews
{
    public static Table Table(ArtifactListing listing)
    {
        var table = Kiln.Cli.Output.Format.Table("Path", "Size");
        foreach (var entry in listing.Files)
        {
            table.AddRow(Cell(entry.IsDir ? entry.Path + "/" : entry.Path), Cell(Bytes(entry.FileSize)));
        }
        return table;
    }
}
