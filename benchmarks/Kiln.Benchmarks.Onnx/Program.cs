using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Kiln.Benchmarks.Onnx;
using Kiln.Onnx;

// Kiln.Onnx micro-benchmark: library load, session creation and steady-state Run of the benchmark models
// written by `tools/fixtures/make_fixtures.py --benchmark-models DIR`. Run it through benchmarks/onnx/run.sh.

if (args is ["--measure-load"])
{
    // Child mode: a fresh process loads the library and creates the environment once.
    var start = Stopwatch.GetTimestamp();
    OnnxRuntime.Load();
    var loaded = Stopwatch.GetTimestamp();
    OnnxRuntime.InitializeEnvironment();
    var initialized = Stopwatch.GetTimestamp();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{loaded - start} {initialized - loaded}"));
    return 0;
}

if (args.Length != 1 || !Directory.Exists(args[0]))
{
    Console.Error.WriteLine("usage: Kiln.Benchmarks.Onnx <benchmark-models-dir>");
    return 2;
}

var models = args[0];
OnnxRuntime.LogLevel = OnnxLogLevel.Error;
var options = new OnnxSessionOptions { IntraOpThreads = 1, InterOpThreads = 1 };

Console.WriteLine($"ONNX Runtime {OnnxRuntime.Version} via Kiln.Onnx, .NET {Environment.Version}, {Environment.ProcessorCount} cores, intra-op threads 1");
Console.WriteLine(LatencyStats.Header);
foreach (var stats in MeasureLibraryLoad(15))
{
    Console.WriteLine(stats);
}

foreach (var model in new[] { "mlp", "random_forest" })
{
    Console.WriteLine(MeasureSessionCreate(Path.Combine(models, model + ".onnx"), options, model == "mlp" ? 50 : 10));
}

foreach (var model in new[] { "mlp", "random_forest" })
{
    using var session = OnnxSession.Open(Path.Combine(models, model + ".onnx"), options);
    var rows = ReadSampleRows(Path.Combine(models, model + ".sample.json"));
    foreach (var batch in new[] { 1, 64 })
    {
        var iterations = model == "mlp" ? 20_000 : batch == 1 ? 20_000 : 2_000;
        Console.WriteLine(MeasureRun($"run {model} batch {batch}", session, rows, batch, iterations));
    }
}

using (var zipMapSession = OnnxSession.Open(Path.Combine(models, "random_forest_zipmap.onnx"), options))
{
    var rows = ReadSampleRows(Path.Combine(models, "random_forest_zipmap.sample.json"));
    foreach (var batch in new[] { 1, 64 })
    {
        Console.WriteLine(MeasureRun($"run forest+ZipMap→matrix batch {batch}", zipMapSession, rows, batch, batch == 1 ? 20_000 : 2_000));
    }
}

return 0;

static LatencyStats[] MeasureLibraryLoad(int processes)
{
    var loadTicks = new long[processes];
    var environmentTicks = new long[processes];
    for (var i = 0; i < processes; i++)
    {
        // Started through `dotnet X.dll` the process path is the dotnet host, which needs the assembly path first.
        var host = Environment.ProcessPath!;
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            start.ArgumentList.Add(typeof(LatencyStats).Assembly.Location);
        }

        start.ArgumentList.Add("--measure-load");
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd();
        child.WaitForExit();
        var parts = output.Trim().Split(' ');
        loadTicks[i] = long.Parse(parts[0], CultureInfo.InvariantCulture);
        environmentTicks[i] = long.Parse(parts[1], CultureInfo.InvariantCulture);
    }

    return
    [
        new LatencyStats("library load (new process)", loadTicks),
        new LatencyStats("environment create (new process)", environmentTicks),
    ];
}

static LatencyStats MeasureSessionCreate(string path, OnnxSessionOptions options, int iterations)
{
    OnnxSession.Open(path, options).Dispose();
    var ticks = new long[iterations];
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        using var session = OnnxSession.Open(path, options);
        ticks[i] = Stopwatch.GetTimestamp() - start;
    }

    return new LatencyStats($"session create {Path.GetFileNameWithoutExtension(path)}", ticks);
}

static LatencyStats MeasureRun(string name, OnnxSession session, float[][] rows, int batch, int iterations)
{
    var features = rows[0].Length;
    var buffer = new float[batch * features];
    for (var i = 0; i < batch; i++)
    {
        rows[i % rows.Length].CopyTo(buffer, i * features);
    }

    using var input = OnnxValue.CreateTensor(buffer, batch, features);
    int[] inputIndices = [0];
    var inputs = new[] { input };
    var zipMap = session.Outputs.Any(o => o.Name == "output_probability");
    int[] outputIndices = [session.GetOutputIndex(zipMap ? "output_probability" : "probabilities")];
    var outputs = new OnnxValue?[1];
    var matrix = new float[batch * 16];
    var checksum = 0f;

    void RunOnce()
    {
        session.Run(inputIndices, inputs, outputIndices, outputs);
        if (zipMap)
        {
            // The serving path for classifiers that emit seq(map): turn the maps into a [batch, classes] matrix.
            outputs[0]!.CopyMapSequenceValues<float>(matrix);
            checksum += matrix[0];
        }
        else
        {
            checksum += outputs[0]!.GetTensorData<float>()[0];
        }

        outputs[0]!.Dispose();
        outputs[0] = null;
    }

    for (var i = 0; i < Math.Min(2_000, iterations); i++)
    {
        RunOnce();
    }

    var ticks = new long[iterations];
    var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
    for (var i = 0; i < iterations; i++)
    {
        var start = Stopwatch.GetTimestamp();
        RunOnce();
        ticks[i] = Stopwatch.GetTimestamp() - start;
    }

    var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
    GC.KeepAlive(checksum);
    return new LatencyStats(name, ticks, allocated);
}

static float[][] ReadSampleRows(string path)
{
    using var document = JsonDocument.Parse(File.ReadAllBytes(path));
    return document.RootElement.GetProperty("rows").EnumerateArray()
        .Select(row => row.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray())
        .ToArray();
}
