using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Kiln.Registry;

/// <summary>
/// An MLflow model's <c>MLmodel</c> file, parsed: its flavors, signature and input example reference.
/// The whole document is kept as JSON too, since flavors carry free-form configuration.
/// </summary>
public sealed record MLmodel(
    JsonObject Document,
    IReadOnlyList<string> Flavors,
    JsonObject? Signature,
    string? InputExamplePath,
    string? ModelFile)
{
    public const string FileName = "MLmodel";
    public const string OnnxFlavor = "onnx";

    /// <summary>Parses MLmodel YAML; throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static MLmodel Parse(string yaml)
    {
        JsonNode? root;
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            root = stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
        }
        catch (YamlException ex)
        {
            throw new FormatException($"MLmodel is not valid YAML: {ex.Message}", ex);
        }
        if (root is not JsonObject document)
        {
            throw new FormatException("MLmodel must be a YAML mapping.");
        }
        if (document["flavors"] is not JsonObject flavors || flavors.Count == 0)
        {
            throw new FormatException("MLmodel has no 'flavors' mapping.");
        }
        var signature = ParseSignature(document["signature"]);
        var example = document["saved_input_example_info"] is JsonObject info && info["artifact_path"] is JsonValue path
            ? path.ToString()
            : null;
        var modelFile = flavors[OnnxFlavor] is JsonObject onnx && onnx["data"] is JsonValue data ? data.ToString() : null;
        return new MLmodel(document, flavors.Select(f => f.Key).ToList(), signature, example, modelFile);
    }

    /// <summary>The signature's inputs/outputs/params are JSON encoded as strings inside the YAML; they are decoded here.</summary>
    private static JsonObject? ParseSignature(JsonNode? node)
    {
        if (node is null)
        {
            return null;
        }
        if (node is not JsonObject signature)
        {
            throw new FormatException("MLmodel 'signature' must be a mapping.");
        }
        var parsed = new JsonObject();
        foreach (var part in (string[])["inputs", "outputs", "params"])
        {
            var value = signature[part];
            if (value is null)
            {
                continue;
            }
            if (value is JsonValue text && text.TryGetValue<string>(out var json))
            {
                try
                {
                    parsed[part] = JsonNode.Parse(json);
                }
                catch (JsonException ex)
                {
                    throw new FormatException($"MLmodel signature '{part}' is not valid JSON: {ex.Message}", ex);
                }
            }
            else
            {
                parsed[part] = value.DeepClone();
            }
        }
        return parsed;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? string.Empty, ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray(sequence.Children.Select(ToJson).ToArray()),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value;
        if (scalar.Style != ScalarStyle.Plain || value is null)
        {
            return value is null ? null : JsonValue.Create(value);
        }
        switch (value)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }
        if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && value.Any(char.IsDigit))
        {
            return JsonValue.Create(real);
        }
        return JsonValue.Create(value);
    }
}
