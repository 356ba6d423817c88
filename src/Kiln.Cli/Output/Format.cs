using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Kiln.Cli.Output;

/// <summary>How values look in tables: local times, short durations, binary sizes, invariant numbers.</summary>
internal static class Format
{
    private static readonly string[] Units = ["B", "KiB", "MiB", "GiB", "TiB"];

    public static string Time(long? unixMilliseconds) => unixMilliseconds is { } ms and > 0
        ? DateTimeOffset.FromUnixTimeMilliseconds(ms).ToLocalTime().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : string.Empty;

    public static string Duration(long? start, long? end)
    {
        if (start is not { } from || end is not { } to || to < from)
        {
            return string.Empty;
        }
        var span = TimeSpan.FromMilliseconds(to - from);
        return span.TotalSeconds < 60 ? span.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + "s"
            : span.TotalHours < 1 ? $"{(int)span.TotalMinutes}m {span.Seconds}s"
            : $"{(int)span.TotalHours}h {span.Minutes}m";
    }

    public static string Bytes(long? bytes)
    {
        if (bytes is not { } value)
        {
            return string.Empty;
        }
        double size = value;
        var unit = 0;
        while (size >= 1024 && unit < Units.Length - 1)
        {
            size /= 1024;
            unit++;
        }
        return unit == 0 ? $"{value} B" : size.ToString("0.0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    public static string Number(double value) => value.ToString("G10", CultureInfo.InvariantCulture);

    public static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    /// <summary>A table cell showing text literally (never as markup).</summary>
    public static IRenderable Cell(string? text) => new Text(text ?? string.Empty);

    public static Table Table(params string[] columns)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(new Text(column, new Style(decoration: Decoration.Bold))));
        }
        return table;
    }

    /// <summary>Label/value pairs, one per line.</summary>
    public static Grid Details(params (string Label, string? Value)[] rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (label, value) in rows)
        {
            grid.AddRow(new Text(label, new Style(decoration: Decoration.Bold)), Cell(value));
        }
        return grid;
    }

    /// <summary>Tags or params, sorted by key.</summary>
    public static Table Pairs(string keyTitle, IEnumerable<Kiln.Client.KeyValue> pairs)
    {
        var table = Table(keyTitle, "Value");
        foreach (var pair in pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            table.AddRow(Cell(pair.Key), Cell(pair.Value));
        }
        return table;
    }

    public static Rule Heading(string title) => new Rule(Markup.Escape(title)).LeftJustified();
}
