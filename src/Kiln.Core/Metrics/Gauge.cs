using System.Text;

namespace Kiln.Core.Metrics;

public sealed class Gauge(string name, string help, string[] labelNames) : LabeledFamily<GaugeChild>(name, help, "gauge", labelNames)
{
    public GaugeChild WithLabels(params string[] labelValues) => Child(labelValues, () => new GaugeChild());

    public void Set(double value) => WithLabels().Set(value);

    protected override void WriteSamples(StringBuilder builder)
    {
        foreach (var (key, child) in Children)
        {
            WriteSample(builder, string.Empty, key.Values, child.Value);
        }
    }
}

public sealed class GaugeChild
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Set(double value) => Volatile.Write(ref _value, value);

    public void Inc(double amount = 1) => AtomicDouble.Add(ref _value, amount);

    public void Dec(double amount = 1) => AtomicDouble.Add(ref _value, -amount);
}

internal sealed class ObservableGauge(string name, string help, string[] labelNames, Func<IEnumerable<(string[] Labels, double Value)>> observe)
    : MetricFamily(name, help, "gauge", labelNames)
{
    protected override void WriteSamples(StringBuilder builder)
    {
        foreach (var (labels, value) in observe())
        {
            WriteSample(builder, string.Empty, labels, value);
        }
    }
}
