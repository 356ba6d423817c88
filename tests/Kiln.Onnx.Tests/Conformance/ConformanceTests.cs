using System.Collections.Concurrent;
using System.Diagnostics;
using Xunit.Abstractions;

namespace Kiln.Onnx.Tests.Conformance;

/// <summary>
/// Runs every node case of the ONNX backend test data (Debian's libonnx-testdata) through Kiln.Onnx. A case may fail only
/// if known-failures.txt lists it, and a listed case must still fail, so the list stays honest.
/// </summary>
public class ConformanceTests(ITestOutputHelper output)
{
    public const string TestDataVariable = "KILN_ONNX_TESTDATA";
    public const string DefaultTestData = "/usr/share/libonnx-testdata/data/node";

    [Fact]
    public void Every_onnx_node_case_passes_or_is_a_listed_ORT_limitation()
    {
        var root = Environment.GetEnvironmentVariable(TestDataVariable) is { Length: > 0 } custom ? custom : DefaultTestData;
        Assert.True(
            Directory.Exists(root),
            $"ONNX backend test data not found at {root}. Install it with: apt-get install libonnx-testdata (or set {TestDataVariable}).");

        var known = KnownFailures.Load(Path.Combine(AppContext.BaseDirectory, "Conformance", "known-failures.txt"));
        var cases = Directory.GetDirectories(root).Order(StringComparer.Ordinal).ToArray();
        var results = new ConcurrentBag<ConformanceResult>();
        var clock = Stopwatch.StartNew();
        Parallel.ForEach(cases, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, directory => results.Add(ConformanceRunner.Run(directory)));
        clock.Stop();

        var ordered = results.OrderBy(r => r.Name, StringComparer.Ordinal).ToArray();
        var summary = ConformanceSummary.From(ordered, known, clock.Elapsed);
        output.WriteLine(summary.ToText());
        File.WriteAllText(Path.Combine(AppContext.BaseDirectory, "onnx-conformance-results.md"), summary.ToMarkdown());
        if (Environment.GetEnvironmentVariable("KILN_UPDATE_CONFORMANCE_DOC") == "1")
        {
            summary.UpdateDocument(FindRepositoryFile("docs/onnx-conformance.md"));
        }

        Assert.True(
            summary.UnexpectedFailures.Count == 0 && summary.UnexpectedPasses.Count == 0 && summary.StaleEntries.Count == 0,
            summary.ProblemText());
    }

    private static string FindRepositoryFile(string relativePath)
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kiln.slnx")))
            {
                return Path.Combine(directory.FullName, relativePath);
            }
        }

        throw new DirectoryNotFoundException("Kiln.slnx not found above the test output directory.");
    }
}
