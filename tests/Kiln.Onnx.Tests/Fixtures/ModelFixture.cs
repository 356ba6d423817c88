using System.Text.Json;

namespace Kiln.Onnx.Tests.Fixtures;

/// <summary>One folder of tests/fixtures/models: an MLflow ONNX model plus expected.json.</summary>
internal sealed class ModelFixture
{
    private ModelFixture(string directory, JsonElement expected)
    {
        Directory = directory;
        Expected = expected;
    }

    public static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "models");

    public string Directory { get; }

    public string Name => Path.GetFileName(Directory);

    public string ModelPath => Path.Combine(Directory, "model.onnx");

    public JsonElement Expected { get; }

    public static IEnumerable<string> Names()
        => System.IO.Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    public static ModelFixture Load(string name)
    {
        var directory = Path.Combine(Root, name);
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(directory, "expected.json")));
        return new ModelFixture(directory, document.RootElement.Clone());
    }

    /// <summary>The expected.json inputs as ORT values, by input name (the caller disposes them).</summary>
    public Dictionary<string, OnnxValue> CreateInputs()
    {
        var inputs = new Dictionary<string, OnnxValue>(StringComparer.Ordinal);
        foreach (var input in Expected.GetProperty("inputs").EnumerateArray())
        {
            var shape = input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var data = input.GetProperty("data");
            inputs[input.GetProperty("name").GetString()!] = input.GetProperty("dtype").GetString() switch
            {
                "float32" => OnnxValue.CreateTensor(data.EnumerateArray().Select(v => (float)v.GetDouble()).ToArray(), shape),
                "float64" => OnnxValue.CreateTensor(data.EnumerateArray().Select(v => v.GetDouble()).ToArray(), shape),
                "int64" => OnnxValue.CreateTensor(data.EnumerateArray().Select(v => v.GetInt64()).ToArray(), shape),
                "string" => OnnxValue.CreateStringTensor(data.EnumerateArray().Select(v => v.GetString()!).ToArray(), shape),
                var other => throw new InvalidDataException($"{Name}: unknown input dtype {other}"),
            };
        }

        return inputs;
    }

    public override string ToString() => Name;
}
