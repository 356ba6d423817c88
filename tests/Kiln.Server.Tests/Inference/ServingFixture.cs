using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>A model fixture's expected.json turned into V2 and MLflow scoring requests, and checks of the answers against it.</summary>
internal sealed class ServingFixture
{
    private ServingFixture(string name, JsonElement expected, JsonElement inputExample)
    {
        Name = name;
        Expected = expected;
        InputExample = inputExample;
    }

    public static IEnumerable<object[]> All =>
        System.IO.Directory.GetDirectories(Fixtures.ModelsDirectory).Select(Path.GetFileName).Order(StringComparer.Ordinal).Select(n => new object[] { n! });

    public string Name { get; }

    public string Directory => Fixtures.Model(Name);

    public JsonElement Expected { get; }

    public JsonElement InputExample { get; }

    public int Rows => (int)Expected.GetProperty("inputs")[0].GetProperty("shape")[0].GetInt64();

    public static ServingFixture Load(string name)
    {
        var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.Model(name), "expected.json"))).RootElement.Clone();
        var example = JsonDocument.Parse(File.ReadAllText(Path.Combine(Fixtures.Model(name), "input_example.json"))).RootElement.Clone();
        return new ServingFixture(name, expected, example);
    }

    /// <summary>The V2 request for every test input, with datatypes as the model declares them.</summary>
    public JsonObject V2Request(bool nested = false)
    {
        var inputs = new JsonArray();
        foreach (var input in Expected.GetProperty("inputs").EnumerateArray())
        {
            var shape = input.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            var flat = new JsonArray(input.GetProperty("data").EnumerateArray().Select(v => (JsonNode?)JsonNode.Parse(v.GetRawText())).ToArray());
            inputs.Add(new JsonObject
            {
                ["name"] = input.GetProperty("name").GetString(),
                ["shape"] = new JsonArray(shape.Select(d => (JsonNode?)d).ToArray()),
                ["datatype"] = V2Datatype(input.GetProperty("dtype").GetString()!),
                ["data"] = nested && shape.Length == 2 ? Nest(flat, (int)shape[1]) : flat,
            });
        }
        return new JsonObject { ["id"] = "req-" + Name, ["inputs"] = inputs };
    }

    /// <summary>The same inputs as an MLflow scoring request: named columns for column-based models, named tensors otherwise.</summary>
    public JsonObject ScoringRequest(string format)
    {
        var inputs = Expected.GetProperty("inputs").EnumerateArray().ToList();
        if (!InputExample.TryGetProperty("columns", out var columnsElement))
        {
            var tensors = new JsonObject();
            foreach (var input in inputs)
            {
                var width = (int)input.GetProperty("shape")[1].GetInt64();
                tensors[input.GetProperty("name").GetString()!] = Nest(Values(input), width);
            }
            return new JsonObject { [format] = tensors };
        }
        var columns = columnsElement.EnumerateArray().Select(c => c.GetString()!).ToList();
        var rows = new List<JsonArray>();
        for (var r = 0; r < Rows; r++)
        {
            var row = new JsonArray();
            if (inputs.Count == 1)
            {
                var values = Values(inputs[0]);
                for (var c = 0; c < columns.Count; c++)
                {
                    row.Add(values[(r * columns.Count) + c]!.DeepClone());
                }
            }
            else
            {
                foreach (var column in columns)
                {
                    row.Add(Values(inputs.Single(i => i.GetProperty("name").GetString() == column))[r]!.DeepClone());
                }
            }
            rows.Add(row);
        }
        return format switch
        {
            "dataframe_split" => new JsonObject { [format] = new JsonObject { ["columns"] = new JsonArray(columns.Select(c => (JsonNode?)c).ToArray()), ["data"] = new JsonArray([.. rows]) } },
            "dataframe_records" or "instances" => new JsonObject { [format] = new JsonArray(rows.Select(row => (JsonNode?)Record(columns, row)).ToArray()) },
            "inputs" => new JsonObject { [format] = new JsonObject(columns.Select((c, i) => KeyValuePair.Create(c, (JsonNode?)new JsonArray(rows.Select(row => row[i]!.DeepClone()).ToArray())))) },
            _ => throw new ArgumentOutOfRangeException(nameof(format)),
        };
    }

    /// <summary>Checks outputs (by name: flat data and shape) against expected.json within 1e-5.</summary>
    public void AssertOutputs(Func<string, (double[]? Numbers, string[]? Strings, long[] Shape)?> output)
    {
        foreach (var expected in Expected.GetProperty("expected").EnumerateArray())
        {
            var name = expected.GetProperty("output").GetString()!;
            var actual = output(name) ?? throw new Xunit.Sdk.XunitException($"{Name}: no output '{name}'");
            var data = expected.GetProperty("data").EnumerateArray().ToList();
            if (expected.TryGetProperty("shape", out var shape))
            {
                Assert.Equal(shape.EnumerateArray().Select(d => d.GetInt64()), actual.Shape);
            }
            var rows = expected.TryGetProperty("rows", out var rowList) ? rowList.EnumerateArray().Select(r => r.GetInt32()).ToList() : null;
            for (var i = 0; i < data.Count; i++)
            {
                if (rows is not null && !rows.Contains(i))
                {
                    continue;
                }
                if (data[i].ValueKind == JsonValueKind.String)
                {
                    Assert.Equal(data[i].GetString(), actual.Strings![i]);
                }
                else
                {
                    Assert.True(Math.Abs(data[i].GetDouble() - actual.Numbers![i]) <= 1e-5, $"{Name} {name}[{i}]: expected {data[i].GetDouble()}, got {actual.Numbers![i]}");
                }
            }
        }
    }

    public static (double[]? Numbers, string[]? Strings, long[] Shape) Flatten(JsonElement value)
    {
        var numbers = new List<double>();
        var strings = new List<string>();
        var shape = new List<long>();
        Walk(value, 0);
        return (strings.Count > 0 ? null : [.. numbers], strings.Count > 0 ? [.. strings] : null, [.. shape]);

        void Walk(JsonElement node, int depth)
        {
            if (node.ValueKind == JsonValueKind.Array)
            {
                if (shape.Count == depth)
                {
                    shape.Add(node.GetArrayLength());
                }
                foreach (var item in node.EnumerateArray())
                {
                    Walk(item, depth + 1);
                }
            }
            else if (node.ValueKind == JsonValueKind.String)
            {
                strings.Add(node.GetString()!);
            }
            else if (node.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                numbers.Add(node.GetBoolean() ? 1 : 0);
            }
            else
            {
                numbers.Add(node.GetDouble());
            }
        }
    }

    private static JsonArray Values(JsonElement input) =>
        new(input.GetProperty("data").EnumerateArray().Select(v => (JsonNode?)JsonNode.Parse(v.GetRawText())).ToArray());

    private static JsonObject Record(List<string> columns, JsonArray row) =>
        new(columns.Select((c, i) => KeyValuePair.Create(c, row[i]?.DeepClone())));

    private static JsonArray Nest(JsonArray flat, int width)
    {
        var rows = new JsonArray();
        for (var i = 0; i < flat.Count; i += width)
        {
            rows.Add(new JsonArray(Enumerable.Range(i, width).Select(j => flat[j]!.DeepClone()).ToArray()));
        }
        return rows;
    }

    private static string V2Datatype(string dtype) => dtype switch
    {
        "float32" => "FP32",
        "float64" => "FP64",
        "int64" => "INT64",
        "string" => "BYTES",
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype),
    };
}
