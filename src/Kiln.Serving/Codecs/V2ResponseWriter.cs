using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Kiln.Serving.Inference;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Codecs;

/// <summary>Encodes an inference response in the Open Inference Protocol's REST form, with binary outputs after the JSON.</summary>
public static class V2ResponseWriter
{
    /// <summary>
    /// Writes the response into <paramref name="output"/> and returns the JSON object's length when binary data
    /// follows it (for the <c>Inference-Header-Content-Length</c> header), or -1 when the body is JSON only.
    /// </summary>
    public static int Write(InferenceResponse response, IBufferWriter<byte> output)
    {
        var writer = JsonWriterCache.Rent(output);
        var hasBinary = false;
        writer.WriteStartObject();
        writer.WriteString("model_name"u8, response.ModelName);
        writer.WriteString("model_version"u8, response.ModelVersion.ToString(CultureInfo.InvariantCulture));
        if (response.Id is not null)
        {
            writer.WriteString("id"u8, response.Id);
        }
        writer.WriteStartArray("outputs"u8);
        foreach (var tensor in response.Outputs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, tensor.Name);
            writer.WriteString("datatype"u8, tensor.DataType.ToUtf8Name());
            writer.WriteStartArray("shape"u8);
            for (var i = 0; i < tensor.Rank; i++)
            {
                writer.WriteNumberValue(tensor.Dimension(i));
            }
            writer.WriteEndArray();
            if (tensor.Binary)
            {
                hasBinary = true;
                writer.WriteStartObject("parameters"u8);
                writer.WriteNumber("binary_data_size"u8, TensorJson.BinarySize(tensor));
                writer.WriteEndObject();
            }
            else
            {
                writer.WritePropertyName("data"u8);
                TensorJson.WriteFlat(writer, tensor);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
        writer.Flush();
        var jsonLength = (int)writer.BytesCommitted;
        JsonWriterCache.Return(writer);
        if (!hasBinary)
        {
            return -1;
        }
        foreach (var tensor in response.Outputs)
        {
            if (tensor.Binary)
            {
                TensorJson.WriteBinary(output, tensor);
            }
        }
        return jsonLength;
    }

    /// <summary>The model metadata answer: name, loaded versions, platform, inputs and outputs.</summary>
    public static void WriteMetadata(Utf8JsonWriter writer, string name, IReadOnlyList<long> versions, ModelSchema schema)
    {
        writer.WriteStartObject();
        writer.WriteString("name"u8, name);
        writer.WriteStartArray("versions"u8);
        foreach (var version in versions)
        {
            writer.WriteStringValue(version.ToString(CultureInfo.InvariantCulture));
        }
        writer.WriteEndArray();
        writer.WriteString("platform"u8, "onnx_onnxv1"u8);
        WriteSpecs(writer, "inputs"u8, schema.Inputs);
        WriteSpecs(writer, "outputs"u8, schema.Outputs);
        writer.WriteEndObject();
    }

    private static void WriteSpecs(Utf8JsonWriter writer, ReadOnlySpan<byte> property, IReadOnlyList<TensorSpec> specs)
    {
        writer.WriteStartArray(property);
        foreach (var spec in specs)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, spec.Name);
            writer.WriteString("datatype"u8, spec.DataType.ToUtf8Name());
            writer.WriteStartArray("shape"u8);
            foreach (var dimension in spec.Shape)
            {
                writer.WriteNumberValue(dimension);
            }
            writer.WriteEndArray();
            if (spec.Kind == OutputKind.ZipMap)
            {
                writer.WriteStartObject("parameters"u8);
                writer.WriteString("content"u8, "zipmap"u8);
                if (spec.Labels is { } labels)
                {
                    writer.WriteString("labels"u8, string.Join(',', labels));
                }
                writer.WriteEndObject();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }
}
