using System.Text;

namespace Kiln.Core.Metrics;

public sealed class Histogram(string name, string help, double[] buckets, string[] labelNames) : LabeledFamily<HistogramChild>(name, help, "histogram", labelNames)
{
    private readonly double[] _buckets = [.. buckets.Order()];

    public HistogramChild WithLabels(params string[] labelValues) => Child(labelValues, () => new HistogramChild(_buckets));

    public void Observe(double value) => WithLabels().Observe(value);

    protected override void WriteSamples(StringBuilder builder)
    {
        foreach (var (key, child) in Children)
        {
            long cumulative = 0;
            for (var i = 0; i < _buckets.Length; i++)
            {
                cumulative += child.BucketCount(i);
                WriteSample(builder, "_bucket", key.Values, cumulative, "le", Format(_buckets[i]));
            }
            var count = child.Count;
            WriteSample(builder, "_bucket", key.Values, count, "le", "+Inf");
            WriteSample(builder, "_sum", key.Values, child.Sum);
            WriteSample(builder, "_count", key.Values, count);
        }
    }
}

public sealed class HistogramChild(double[] buckets)
{
    private readonly long[] _counts = new long[buckets.Length + 1];
    private double _sum;

    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
            {
                total += Volatile.Read(ref _counts[i]);
            }
            return total;
        }
    }

    public double Sum => Volatile.Read(ref _sum);

    internal long BucketCount(int index) => Volatile.Read(ref _counts[index]);

    public void Observe(double value)
    {
        var index = Array.BinarySearch(buckets, value);
        if (index < 0)
        {
            index = ~index;
        }
        Interlocked.Increment(ref _counts[index]);
        AtomicDouble.Add(ref _sum, value);
    }

    /// <summary>Observes the seconds elapsed since a <see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>.</summary>
    public void ObserveSince(long startTimestamp) =>
        Observe(System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds);
}
