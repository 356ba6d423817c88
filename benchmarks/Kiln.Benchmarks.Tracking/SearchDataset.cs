using System.Diagnostics;
using System.Globalization;
using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Entities;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Benchmarks.Tracking;

/// <summary>
/// Loads the search benchmark's experiment straight through the store (loading speed is not what is measured):
/// N runs, each with 20 params, 20 metrics of 100 steps and 10 tags. Params take 10 values; metric values are
/// uniform in [0, 1), so <c>metrics.m0 &lt; 0.5 and params.p0 = 'v3'</c> matches about 5% of runs.
/// </summary>
internal static class SearchDataset
{
    public const string ExperimentName = "search-benchmark";

    public static async Task<long> LoadAsync(string backendStore, int runs, int parallelism)
    {
        await using var store = await MetadataStore.OpenAsync(backendStore, NullLoggerFactory.Instance, TimeProvider.System, CancellationToken.None);
        await store.Tracking.EnsureDefaultExperimentAsync("mlflow-artifacts:/0", CancellationToken.None);
        var experiment = await store.Tracking.CreateExperimentAsync(ExperimentName, null, [], id => $"mlflow-artifacts:/{id}", CancellationToken.None);
        var watch = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, parallelism).Select(_ => Task.Run(async () =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < runs)
            {
                await LoadRunAsync(store.Tracking, experiment, index);
                if (index % 2500 == 0 && index > 0)
                {
                    Console.Error.WriteLine($"  loaded {index} runs ({watch.Elapsed.TotalSeconds:F0} s)");
                }
            }
        })));
        return experiment;
    }

    private static async Task LoadRunAsync(ITrackingStore tracking, long experiment, int index)
    {
        var random = new Random(index);
        var runId = Ids.NewRunId();
        var tags = Enumerable.Range(0, 10).Select(t => new KeyValue($"tag{t}", $"value-{random.Next(100)}")).ToList();
        await tracking.CreateRunAsync(new NewRun(experiment, runId, $"run-{index}", "bench", 1_700_000_000_000L + index, RunStatus.Finished, tags), CancellationToken.None);
        var parameters = Enumerable.Range(0, 20).Select(p => new KeyValue($"p{p}", $"v{random.Next(10)}")).ToList();
        var points = new List<Metric>(2000);
        for (var m = 0; m < 20; m++)
        {
            for (var step = 0; step < 100; step++)
            {
                points.Add(new Metric($"m{m}", random.NextDouble(), 1_700_000_000_000L + step, step));
            }
        }
        await tracking.LogBatchAsync(runId, points[..1000], parameters, [], CancellationToken.None);
        await tracking.LogBatchAsync(runId, points[1000..], [], [], CancellationToken.None);
    }

    public static string Filter => "metrics.m0 < 0.5 and params.p0 = 'v3'";

    public static string Id(long experiment) => experiment.ToString(CultureInfo.InvariantCulture);
}
