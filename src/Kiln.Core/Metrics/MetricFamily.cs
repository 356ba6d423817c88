using System.Collections.Concurrent;
using System.Globalization;
using System.Text;

namespace Kiln.Core.Metrics;

public abstract class MetricFamily(string name, string help, string type, string[] labelNames)
{
    public string Name { get; } = name;

    protected string[] LabelNames { get; } = labelNames;

    internal void WriteTo(StringBuilder builder)
    {
        builder.Append("# HELP ").Append(Name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
        builder.Append("# TYPE ").Append(Name).Append(' ').Append(type).Append('\n');
        WriteSamples(builder);
    }

    protected abstract void WriteSamples(StringBuilder builder);

    protected void WriteSample(StringBuilder builder, string suffix, string[] labelValues, double value, string? extraLabel = null, string? extraValue = null)
    {
        builder.Append(Name).Append(suffix);
        if (LabelNames.Length > 0 || extraLabel is not null)
        {
            builder.Append('{');
            var first = true;
            for (var i = 0; i < LabelNames.Length; i++)
            {
                AppendLabel(builder, ref first, LabelNames[i], labelValues[i]);
            }
            if (extraLabel is not null)
            {
                AppendLabel(builder, ref first, extraLabel, extraValue!);
            }
            builder.Append('}');
        }
        builder.Append(' ').Append(Format(value)).Append('\n');
    }

    internal static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : double.IsNegativeInfinity(value) ? "-Inf" : double.IsNaN(value) ? "NaN" : value.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendLabel(StringBuilder builder, ref bool first, string name, string value)
    {
        if (!first)
        {
            builder.Append(',');
        }
        first = false;
        builder.Append(name).Append("=\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '"': builder.Append("\\\""); break;
                case '\n': builder.Append("\\n"); break;
                default: builder.Append(c); break;
            }
        }
        builder.Append('"');
    }
}

/// <summary>A family whose children are keyed by label values and created on first use.</summary>
public abstract class LabeledFamily<TChild>(string name, string help, string type, string[] labelNames) : MetricFamily(name, help, type, labelNames)
    where TChild : class
{
    private readonly ConcurrentDictionary<LabelKey, TChild> _children = new();

    protected IEnumerable<KeyValuePair<LabelKey, TChild>> Children => _children.OrderBy(c => c.Key.ToString(), StringComparer.Ordinal);

    protected TChild Child(string[] labelValues, Func<TChild> create)
    {
        if (labelValues.Length != LabelNames.Length)
        {
            throw new ArgumentException($"{Name} takes {LabelNames.Length} label values, got {labelValues.Length}.", nameof(labelValues));
        }
        var key = new LabelKey(labelValues);
        return _children.TryGetValue(key, out var child) ? child : _children.GetOrAdd(key, _ => create());
    }

    /// <summary>Removes a child, for series that end (an unloaded model version).</summary>
    public void Remove(params string[] labelValues) => _children.TryRemove(new LabelKey(labelValues), out _);
}

public readonly struct LabelKey(string[] values) : IEquatable<LabelKey>
{
    public string[] Values { get; } = values;

    public bool Equals(LabelKey other) => Values.AsSpan().SequenceEqual(other.Values);

    public override bool Equals(object? obj) => obj is LabelKey other && Equals(other);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Values)
        {
            hash.Add(value, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join('\u0001', Values);
}
