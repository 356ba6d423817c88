using System.Globalization;
using System.Text;

namespace Kiln.Onnx.Tests.Conformance;

/// <summary>Counts and lists of a conformance run, checked against known-failures.txt.</summary>
internal sealed class ConformanceSummary
{
    private const string StartMarker = "<!-- results:start -->";
    private const string EndMarker = "<!-- results:end -->";

    private ConformanceSummary()
    {
    }

    public required IReadOnlyList<ConformanceResult> Results { get; init; }

    public required IReadOnlyList<ConformanceResult> UnexpectedFailures { get; init; }

    public required IReadOnlyList<ConformanceResult> UnexpectedPasses { get; init; }

    public required IReadOnlyList<string> StaleEntries { get; init; }

    public required IReadOnlyDictionary<string, string> Known { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public int Passed => Results.Count(r => r.Outcome == ConformanceOutcome.Passed);

    public int KnownFailures => Results.Count(r => r.Outcome == ConformanceOutcome.Failed && Known.ContainsKey(r.Name));

    public int Skipped => Results.Count(r => r.Outcome == ConformanceOutcome.Skipped);

    public static ConformanceSummary From(IReadOnlyList<ConformanceResult> results, IReadOnlyDictionary<string, string> known, TimeSpan elapsed)
    {
        var names = results.Select(r => r.Name).ToHashSet(StringComparer.Ordinal);
        return new ConformanceSummary
        {
            Results = results,
            Known = known,
            Elapsed = elapsed,
            UnexpectedFailures = results.Where(r => r.Outcome == ConformanceOutcome.Failed && !known.ContainsKey(r.Name)).ToArray(),
            UnexpectedPasses = results.Where(r => r.Outcome != ConformanceOutcome.Failed && known.ContainsKey(r.Name)).ToArray(),
            StaleEntries = known.Keys.Where(name => !names.Contains(name)).Order(StringComparer.Ordinal).ToArray(),
        };
    }

    public string ToText()
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"ONNX node conformance: {Results.Count} cases in {Elapsed.TotalSeconds:F1} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"  passed {Passed}, known ORT failures {KnownFailures}, skipped {Skipped}, unexpected failures {UnexpectedFailures.Count}, unexpected passes {UnexpectedPasses.Count}");
        foreach (var skipped in Results.Where(r => r.Outcome == ConformanceOutcome.Skipped))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  skipped {skipped.Name}: {skipped.Detail}");
        }

        text.Append(ProblemText());
        return text.ToString();
    }

    public string ProblemText()
    {
        var text = new StringBuilder();
        foreach (var failure in UnexpectedFailures)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"UNEXPECTED FAILURE {failure.Name}: {failure.Detail}");
        }

        foreach (var pass in UnexpectedPasses)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"LISTED IN known-failures.txt BUT {pass.Outcome.ToString().ToUpperInvariant()}: {pass.Name} (remove it from the list)");
        }

        foreach (var stale in StaleEntries)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"LISTED IN known-failures.txt BUT NOT IN THE TEST DATA: {stale}");
        }

        return text.ToString();
    }

    public string ToMarkdown()
    {
        var text = new StringBuilder();
        text.AppendLine("| outcome | cases |");
        text.AppendLine("| --- | ---: |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| passed | {Passed} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| known ORT failures (known-failures.txt) | {KnownFailures} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| skipped | {Skipped} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| unexpected failures | {UnexpectedFailures.Count} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| **total node cases** | **{Results.Count}** |");
        text.AppendLine();
        text.AppendLine("Known failures by category:");
        text.AppendLine();
        text.AppendLine("| category | cases |");
        text.AppendLine("| --- | ---: |");
        foreach (var group in Known.GroupBy(k => Category(k.Value)).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {group.Key} | {group.Count()} |");
        }

        var skipped = Results.Where(r => r.Outcome == ConformanceOutcome.Skipped).ToArray();
        if (skipped.Length > 0)
        {
            text.AppendLine();
            text.AppendLine("Skipped cases:");
            text.AppendLine();
            foreach (var result in skipped)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- `{result.Name}`: {result.Detail}");
            }
        }

        return text.ToString();
    }

    public void UpdateDocument(string path)
    {
        var document = File.ReadAllText(path);
        var start = document.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = document.IndexOf(EndMarker, StringComparison.Ordinal);
        if (start < 0 || end < start)
        {
            throw new InvalidDataException($"{path} lacks the {StartMarker} / {EndMarker} markers.");
        }

        var updated = string.Concat(document.AsSpan(0, start + StartMarker.Length), "\n", ToMarkdown(), document.AsSpan(end));
        File.WriteAllText(path, updated);
    }

    private static string Category(string reason)
    {
        var colon = reason.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? reason : reason[..colon];
    }
}
