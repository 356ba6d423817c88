using System.Diagnostics;

namespace Kiln.Benchmarks.Tracking;

/// <summary>Collects per-operation latencies (thread-safe) and summarizes them.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _milliseconds = [];
    private readonly Lock _lock = new();
    private long _errors;

    public long Errors => Interlocked.Read(ref _errors);

    public void Record(long startTimestamp)
    {
        var elapsed = Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
        lock (_lock)
        {
            _milliseconds.Add(elapsed);
        }
    }

    public void Error() => Interlocked.Increment(ref _errors);

    public Summary Summarize(TimeSpan wall)
    {
        double[] sorted;
        lock (_lock)
        {
            sorted = [.. _milliseconds.Order()];
        }
        double Percentile(double p) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
        return new Summary(sorted.Length, Percentile(0.5), Percentile(0.99), sorted.Length == 0 ? double.NaN : sorted.Average(), sorted.Length / wall.TotalSeconds, Errors);
    }
}

internal sealed record Summary(int Count, double P50, double P99, double Mean, double PerSecond, long Errors);
