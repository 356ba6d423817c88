using System.Diagnostics;
using System.Globalization;

namespace Kiln.Benchmarks.Onnx;

/// <summary>Latency samples (Stopwatch ticks) summarised as mean, p50 and p99 in microseconds.</summary>
internal sealed class LatencyStats(string name, long[] ticks, long allocatedBytes = -1)
{
    public static string Header => $"{"measurement",-34} {"n",7} {"mean µs",10} {"p50 µs",10} {"p99 µs",10} {"alloc B/op",11}";

    public override string ToString()
    {
        var sorted = (long[])ticks.Clone();
        Array.Sort(sorted);
        double ToMicroseconds(double t) => t * 1_000_000.0 / Stopwatch.Frequency;
        var mean = ToMicroseconds(sorted.Average());
        var p50 = ToMicroseconds(Percentile(sorted, 0.50));
        var p99 = ToMicroseconds(Percentile(sorted, 0.99));
        var allocated = allocatedBytes < 0 ? "-" : (allocatedBytes / (double)ticks.Length).ToString("F0", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{name,-34} {ticks.Length,7} {mean,10:F1} {p50,10:F1} {p99,10:F1} {allocated,11}");
    }

    private static double Percentile(long[] sorted, double quantile)
    {
        var position = quantile * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
