using System.Buffers;
using Kiln.Serving.Inference;

namespace Kiln.Serving.Codecs;

/// <summary>
/// Encodes predictions as MLflow's pyfunc-onnx scoring server does for a dictionary of outputs:
/// <c>{"predictions": {"output": nested list, ...}}</c>, every output of the model in model order.
/// </summary>
public static class MlflowScoringWriter
{
    public static void Write(InferenceResponse response, IBufferWriter<byte> output)
    {
        var writer = JsonWriterCache.Rent(output);
        writer.WriteStartObject();
        writer.WriteStartObject("predictions"u8);
        foreach (var tensor in response.Outputs)
        {
            writer.WritePropertyName(tensor.Name);
            TensorJson.WriteNested(writer, tensor);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
        writer.Flush();
        JsonWriterCache.Return(writer);
    }
}
