using System.Collections;

namespace Kiln.Onnx;

/// <summary>The outputs of a by-name Run; disposing it disposes every output.</summary>
public sealed class OnnxRunResult : IReadOnlyList<OnnxValue>, IDisposable
{
    private readonly string[] _names;
    private readonly OnnxValue[] _values;

    internal OnnxRunResult(string[] names, OnnxValue[] values)
    {
        _names = names;
        _values = values;
    }

    public int Count => _values.Length;

    public IReadOnlyList<string> Names => _names;

    public OnnxValue this[int index] => _values[index];

    public OnnxValue this[string name]
    {
        get
        {
            var index = Array.IndexOf(_names, name);
            return index >= 0 ? _values[index] : throw new KeyNotFoundException($"No output named '{name}' was requested.");
        }
    }

    public IEnumerator<OnnxValue> GetEnumerator() => ((IEnumerable<OnnxValue>)_values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        foreach (var value in _values)
        {
            value.Dispose();
        }
    }
}
