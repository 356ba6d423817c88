using System.Text.Json;
using Kiln.Core;
using Kiln.Onnx;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>
/// What a loaded model takes and gives, read from its ONNX session, with the MLflow signature's plan for scoring
/// requests. Immutable; shared by every request to the model.
/// </summary>
public sealed class ModelSchema
{
    private ModelSchema(TensorSpec[] inputs, TensorSpec[] outputs, MlflowScoringPlan scoring)
    {
        Inputs = inputs;
        Outputs = outputs;
        Scoring = scoring;
        SupportsBatching = Array.TrueForAll(inputs, i => i.HasBatchDimension) && Array.TrueForAll(outputs, o => o.HasBatchDimension);
    }

    public IReadOnlyList<TensorSpec> Inputs { get; }

    public IReadOnlyList<TensorSpec> Outputs { get; }

    public MlflowScoringPlan Scoring { get; }

    /// <summary>Every input and output has a variable first dimension, so requests can be batched.</summary>
    public bool SupportsBatching { get; }

    public int FindInput(ReadOnlySpan<byte> utf8Name) => Find(Inputs, utf8Name);

    public int FindOutput(ReadOnlySpan<byte> utf8Name) => Find(Outputs, utf8Name);

    public int FindInput(string name) => Find(Inputs, name);

    public int FindOutput(string name) => Find(Outputs, name);

    /// <summary>
    /// Describes the session's inputs and outputs and checks them against the MLflow signature (when there is one).
    /// Throws an invalid-state <see cref="KilnException"/> saying what does not fit.
    /// </summary>
    public static ModelSchema Create(OnnxSession session, JsonElement? signature)
    {
        var inputs = new TensorSpec[session.Inputs.Count];
        foreach (var input in session.Inputs)
        {
            if (input.Type.Kind != OnnxValueKind.Tensor || !TensorDataTypes.TryFromOnnx(input.Type.ElementType, out var dataType))
            {
                throw Incompatible($"input '{input.Name}' is {input.Type}; only tensors of the Open Inference Protocol's datatypes can be served.");
            }
            inputs[input.Index] = new TensorSpec(input.Name, input.Index, dataType, [.. input.Type.Shape]);
        }
        var outputs = new List<TensorSpec>(session.Outputs.Count);
        foreach (var output in session.Outputs)
        {
            if (output.Type.Kind == OnnxValueKind.Tensor && TensorDataTypes.TryFromOnnx(output.Type.ElementType, out var dataType))
            {
                outputs.Add(new TensorSpec(output.Name, output.Index, dataType, [.. output.Type.Shape]));
            }
            else if (IsZipMap(output.Type))
            {
                outputs.Add(new TensorSpec(output.Name, output.Index, TensorDataType.FP32, [-1, -1], OutputKind.ZipMap));
            }
            else
            {
                throw Incompatible($"output '{output.Name}' is {output.Type}; only tensors and ZipMap outputs can be served.");
            }
        }
        var outputArray = outputs.ToArray();
        var scoring = MlflowScoringPlan.Create(inputs, outputArray, signature);
        return new ModelSchema(inputs, outputArray, scoring);
    }

    internal static KilnException Incompatible(string message) => new(ErrorCode.InvalidState, "The model cannot be served: " + message);

    private static bool IsZipMap(OnnxTypeInfo type) =>
        type.Kind == OnnxValueKind.Sequence
        && type.SequenceElementType is { Kind: OnnxValueKind.Map } map
        && map.MapKeyType is OnnxElementType.Int64 or OnnxElementType.String
        && map.MapValueType is { Kind: OnnxValueKind.Tensor, ElementType: OnnxElementType.Float };

    private static int Find(IReadOnlyList<TensorSpec> specs, ReadOnlySpan<byte> utf8Name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (utf8Name.SequenceEqual(specs[i].Utf8Name))
            {
                return i;
            }
        }
        return -1;
    }

    private static int Find(IReadOnlyList<TensorSpec> specs, string name)
    {
        for (var i = 0; i < specs.Count; i++)
        {
            if (string.Equals(specs[i].Name, name, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }
}
