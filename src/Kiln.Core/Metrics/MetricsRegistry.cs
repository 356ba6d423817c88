using System.Collections.Concurrent;
using System.Text;

namespace Kiln.Core.Metrics;

/// <summary>
/// The process's Prometheus metrics: families are registered once and then updated lock-free on hot paths.
/// Exposition follows the text format 0.0.4.
/// </summary>
public sealed class MetricsRegistry
{
    private readonly ConcurrentDictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);

    public Counter Counter(string name, string help, params string[] labelNames) =>
        GetOrAdd(name, () => new Counter(name, help, labelNames));

    public Gauge Gauge(string name, string help, params string[] labelNames) =>
        GetOrAdd(name, () => new Gauge(name, help, labelNames));

    public Histogram Histogram(string name, string help, double[] buckets, params string[] labelNames) =>
        GetOrAdd(name, () => new Histogram(name, help, buckets, labelNames));

    /// <summary>A gauge read when scraped, for values owned elsewhere (loaded models, queue depth).</summary>
    public void ObservableGauge(string name, string help, Func<IEnumerable<(string[] Labels, double Value)>> observe, params string[] labelNames) =>
        GetOrAdd(name, () => new ObservableGauge(name, help, labelNames, observe));

    public string Scrape()
    {
        var builder = new StringBuilder(16 * 1024);
        foreach (var family in _families.Values.OrderBy(f => f.Name, StringComparer.Ordinal))
        {
            family.WriteTo(builder);
        }
        return builder.ToString();
    }

    private T GetOrAdd<T>(string name, Func<T> create)
        where T : MetricFamily
    {
        var family = _families.GetOrAdd(name, _ => create());
        return family as T ?? throw new InvalidOperationException($"Metric {name} is already registered as a {family.GetType().Name}.");
    }
}

/// <summary>Standard latency buckets, in seconds, from 50 µs to 10 s.</summary>
public static class Buckets
{
    public static readonly double[] Latency = [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly double[] BatchSize = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
}
