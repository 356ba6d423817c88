using System.Text;

namespace Kiln.Core.Metrics;

public sealed class Counter(string name, string help, string[] labelNames) : LabeledFamily<CounterChild>(name, help, "counter", labelNames)
{
    public CounterChild WithLabels(params string[] labelValues) => Child(labelValues, () => new CounterChild());

    public void Inc(double amount = 1) => WithLabels().Inc(amount);

    protected override void WriteSamples(StringBuilder builder)
    {
        foreach (var (key, child) in Children)
        {
            WriteSample(builder, string.Empty, key.Values, child.Value);
        }
    }
}

public sealed class CounterChild
{
    private double _value;

    public double Value => Volatile.Read(ref _value);

    public void Inc(double amount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        AtomicDouble.Add(ref _value, amount);
    }
}

internal static class AtomicDouble
{
    public static void Add(ref double location, double amount)
    {
        var current = Volatile.Read(ref location);
        while (true)
        {
            var seen = Interlocked.CompareExchange(ref location, current + amount, current);
            if (seen.Equals(current))
            {
                return;
            }
            current = seen;
        }
    }
}
