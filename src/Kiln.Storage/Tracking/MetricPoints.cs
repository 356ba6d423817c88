using System.Buffers.Binary;
using Kiln.Storage.Entities;

namespace Kiln.Storage.Tracking;

/// <summary>
/// The packed layout of metric history chunks: 24 bytes per point, little-endian
/// (timestamp int64, step int64, value float64), in logging order.
/// </summary>
internal static class MetricPoints
{
    public const int PointSize = 24;

    public static void Write(Span<byte> destination, in Metric metric)
    {
        BinaryPrimitives.WriteInt64LittleEndian(destination, metric.Timestamp);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], metric.Step);
        BinaryPrimitives.WriteDoubleLittleEndian(destination[16..], metric.Value);
    }

    public static long ReadTimestamp(ReadOnlySpan<byte> point) => BinaryPrimitives.ReadInt64LittleEndian(point);

    public static long ReadStep(ReadOnlySpan<byte> point) => BinaryPrimitives.ReadInt64LittleEndian(point[8..]);

    public static double ReadValue(ReadOnlySpan<byte> point) => BinaryPrimitives.ReadDoubleLittleEndian(point[16..]);

    public static Metric Read(ReadOnlySpan<byte> point, string key) =>
        new(key, ReadValue(point), ReadTimestamp(point), ReadStep(point));
}

/// <summary>The points of one metric key from one log call, packed, with the point that becomes the latest.</summary>
internal sealed class MetricGroup(string key)
{
    public string Key { get; } = key;

    public List<Metric> Points { get; } = [];

    public long MinStep { get; private set; } = long.MaxValue;

    public long MaxStep { get; private set; } = long.MinValue;

    /// <summary>The point MLflow treats as the latest: greatest step, then timestamp, then value (NaN lowest).</summary>
    public Metric Latest { get; private set; }

    public void Add(in Metric metric)
    {
        if (Points.Count == 0 || IsLater(metric, Latest))
        {
            Latest = metric;
        }
        Points.Add(metric);
        MinStep = Math.Min(MinStep, metric.Step);
        MaxStep = Math.Max(MaxStep, metric.Step);
    }

    public byte[] Pack(ReadOnlySpan<byte> prefix = default)
    {
        var bytes = new byte[prefix.Length + (Points.Count * MetricPoints.PointSize)];
        prefix.CopyTo(bytes);
        var span = bytes.AsSpan(prefix.Length);
        foreach (var point in Points)
        {
            MetricPoints.Write(span, point);
            span = span[MetricPoints.PointSize..];
        }
        return bytes;
    }

    public static bool IsLater(in Metric candidate, in Metric current)
    {
        if (candidate.Step != current.Step)
        {
            return candidate.Step > current.Step;
        }
        if (candidate.Timestamp != current.Timestamp)
        {
            return candidate.Timestamp > current.Timestamp;
        }
        return SortableValue(candidate.Value) > SortableValue(current.Value);
    }

    /// <summary>NaN is stored as 0 with an is_nan flag, as MLflow does; this is its comparable value.</summary>
    public static double SortableValue(double value) => double.IsNaN(value) ? 0 : value;

    public static List<MetricGroup> GroupByKey(IReadOnlyList<Metric> metrics)
    {
        var groups = new List<MetricGroup>();
        var byKey = new Dictionary<string, MetricGroup>(StringComparer.Ordinal);
        for (var i = 0; i < metrics.Count; i++)
        {
            var metric = metrics[i];
            if (!byKey.TryGetValue(metric.Key, out var group))
            {
                group = new MetricGroup(metric.Key);
                byKey.Add(metric.Key, group);
                groups.Add(group);
            }
            group.Add(metric);
        }
        return groups;
    }
}
