using System.Globalization;
using System.Text;
using System.Text.Json;
using Kiln.Benchmarks.Tracking;
using Kiln.TestSupport;

// Tracking benchmark: Kiln (the real server process) against the HTTP+JSON floor, on SQLite and PostgreSQL.
// Usage: dotnet run -c Release --project benchmarks/Kiln.Benchmarks.Tracking -- --kiln artifacts/kiln/kiln [--runs 25000] [--seconds 15] [--backends sqlite,postgres]
var options = Args.Parse(args);
var report = new StringBuilder();
report.AppendLine(CultureInfo.InvariantCulture, $"Tracking benchmark, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, {Environment.ProcessorCount} cores, runs={options.Runs}, {options.Seconds} s per load phase");
report.AppendLine();
report.AppendLine("| backend | scenario | clients | ops | p50 ms | p99 ms | mean ms | ops/s | errors |");
report.AppendLine("|---|---|---|---|---|---|---|---|---|");
void Row(string backend, string scenario, int clients, Summary s) =>
    report.AppendLine(CultureInfo.InvariantCulture, $"| {backend} | {scenario} | {clients} | {s.Count} | {s.P50:F2} | {s.P99:F2} | {s.Mean:F2} | {s.PerSecond:F0} | {s.Errors} |");

var duration = TimeSpan.FromSeconds(options.Seconds);
var (floorApp, floorAddress) = await FloorServer.StartAsync();
using (var floor = Scenarios.Client(floorAddress))
{
    if (!options.SearchOnly)
    {
        Console.Error.WriteLine("floor: HTTP + JSON parse, no storage");
        Row("floor", "log-metric", 1, await Scenarios.ClosedLoopAsync(1, duration, (c, i) => Scenarios.PostAsync(c, "api/2.0/mlflow/runs/log-metric", Scenarios.LogMetricBody("r", i)), floor));
        var batch = Scenarios.LogBatchBody("r", 0);
        Row("floor", "log-batch 1000", 1, await Scenarios.ClosedLoopAsync(1, duration, (c, _) => Scenarios.PostAsync(c, "api/2.0/mlflow/runs/log-batch", batch), floor));
        Row("floor", "log-batch 1000", 20, await Scenarios.ClosedLoopAsync(20, duration, (c, _) => Scenarios.PostAsync(c, "api/2.0/mlflow/runs/log-batch", batch), floor));
    }
}
await floorApp.StopAsync();

foreach (var backend in options.Backends)
{
    // --keep-data keeps the loaded dataset between runs (under /tmp/kiln-bench-data), to iterate on search speed.
    using var scratch = new TempDirectory("kiln-bench");
    var dataPath = options.KeepData ? Path.Combine(Path.GetTempPath(), "kiln-bench-data", $"{backend}-{options.Runs}") : scratch.Path;
    Directory.CreateDirectory(dataPath);
    var marker = Path.Combine(dataPath, "loaded-experiment");
    var backendStore = backend == "postgres"
        ? await BenchmarkPostgres.StoreAsync(options.KeepData ? $"bench_{options.Runs}" : null)
        : Path.Combine(dataPath, "kiln.db");
    long experiment = 0;
    if (options.KeepData && File.Exists(marker))
    {
        experiment = long.Parse(File.ReadAllText(marker), CultureInfo.InvariantCulture);
    }
    else if (options.Runs > 0)
    {
        Console.Error.WriteLine($"{backend}: loading {options.Runs} runs for the search benchmark");
        var loading = System.Diagnostics.Stopwatch.StartNew();
        experiment = await SearchDataset.LoadAsync(backendStore, options.Runs, parallelism: 8);
        Console.Error.WriteLine($"{backend}: loaded in {loading.Elapsed.TotalSeconds:F0} s");
        File.WriteAllText(marker, experiment.ToString(CultureInfo.InvariantCulture));
    }
    await using var kiln = await KilnProcess.StartAsync(options.Kiln, dataPath, backendStore);
    using var client = Scenarios.Client(kiln.Address);
    var mlflow = new MlflowTestClient(client);

    if (!options.SearchOnly)
    {
        Console.Error.WriteLine($"{backend}: single log-metric");
        var metricRun = await mlflow.CreateRunAsync("0");
        Row(backend, "log-metric", 1, await Scenarios.ClosedLoopAsync(1, duration, (c, i) => Scenarios.PostAsync(c, "api/2.0/mlflow/runs/log-metric", Scenarios.LogMetricBody(metricRun, i)), client));

        Console.Error.WriteLine($"{backend}: log-batch of 1000 metrics");
        var batchRuns = new string[20];
        for (var i = 0; i < batchRuns.Length; i++)
        {
            batchRuns[i] = await mlflow.CreateRunAsync("0");
        }
        var bodies = Enumerable.Range(0, 20).Select(i => Scenarios.LogBatchBody(batchRuns[i], 0)).ToArray();
        Row(backend, "log-batch 1000", 1, await Scenarios.ClosedLoopAsync(1, duration, (c, i) => Scenarios.PostAsync(c, "api/2.0/mlflow/runs/log-batch", Scenarios.LogBatchBody(batchRuns[0], i)), client));
        Row(backend, "log-batch 1000", 20, await Scenarios.ClosedLoopAsync(20, duration, (c, i) => Scenarios.PostAsync(c, "api/2.0/mlflow/runs/log-batch", Scenarios.LogBatchBody(batchRuns[i / 1_000_000], i % 1_000_000)), client));

        Console.Error.WriteLine($"{backend}: metric history of 100,000 points");
        var historyRun = await mlflow.CreateRunAsync("0");
        for (var b = 0; b < 100; b++)
        {
            var points = Enumerable.Range(0, 1000).Select(i => new { key = "history", value = i * 0.001, timestamp = 1_700_000_000_000L + (b * 1000) + i, step = (long)((b * 1000) + i) }).ToArray();
            (await mlflow.PostAsync("runs/log-batch", new { run_id = historyRun, metrics = points })).EnsureOk();
        }
        var historyPath = $"api/2.0/mlflow/metrics/get-history?run_id={historyRun}&metric_key=history";
        Row(backend, "get-history 100k points", 1, await Scenarios.RepeatAsync(20, async () =>
        {
            using var response = await client.GetAsync(historyPath);
            var body = await response.Content.ReadAsByteArrayAsync();
            return response.IsSuccessStatusCode && body.Length > 5_000_000;
        }));

    }
    if (options.Runs > 0)
    {
        Console.Error.WriteLine($"{backend}: search over {options.Runs} runs");
        var searchBody = JsonSerializer.SerializeToUtf8Bytes(new { experiment_ids = new[] { SearchDataset.Id(experiment) }, filter = SearchDataset.Filter, max_results = 1000 });
        var returned = 0;
        Row(backend, $"search {options.Runs} runs, metric+param filter, max 1000", 1, await Scenarios.RepeatAsync(30, async () =>
        {
            using var content = new ByteArrayContent(searchBody);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("api/2.0/mlflow/runs/search", content);
            using var json = JsonDocument.Parse(await response.Content.ReadAsStreamAsync());
            returned = json.RootElement.TryGetProperty("runs", out var runs) ? runs.GetArrayLength() : 0;
            return response.IsSuccessStatusCode;
        }));
        report.AppendLine(CultureInfo.InvariantCulture, $"<!-- {backend} search returned {returned} runs per call -->");
    }
    report.AppendLine(CultureInfo.InvariantCulture, $"<!-- {backend} kiln peak RSS {kiln.PeakRssBytes() / (1024 * 1024)} MiB -->");
}

Console.WriteLine(report.ToString());
if (options.Output is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(options.Output))!);
    await File.WriteAllTextAsync(options.Output, report.ToString());
}

internal sealed record Args(string Kiln, int Runs, int Seconds, IReadOnlyList<string> Backends, string? Output, bool KeepData, bool SearchOnly)
{
    public static Args Parse(string[] args)
    {
        string Value(string name, string fallback)
        {
            var index = Array.IndexOf(args, name);
            return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
        }
        return new Args(
            Path.GetFullPath(Value("--kiln", "artifacts/kiln/kiln")),
            int.Parse(Value("--runs", "25000"), CultureInfo.InvariantCulture),
            int.Parse(Value("--seconds", "15"), CultureInfo.InvariantCulture),
            Value("--backends", "sqlite,postgres").Split(','),
            Array.IndexOf(args, "--output") >= 0 ? Value("--output", string.Empty) : null,
            args.Contains("--keep-data"),
            args.Contains("--search-only"));
    }
}
