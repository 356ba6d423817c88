using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>
/// An output a request asks for, by position in <see cref="ModelSchema.Outputs"/>, and whether to send it as binary
/// data (null: as the request-level <see cref="InferenceRequest.BinaryDataOutput"/> says).
/// </summary>
public readonly record struct RequestedOutput(int OutputIndex, bool? Binary = null);

/// <summary>
/// A protocol-neutral inference request: the input tensors (by position in <see cref="ModelSchema.Inputs"/>) and
/// the outputs wanted. Every front-end (V2 REST, MLflow scoring, gRPC) decodes into this. Owns its tensors.
/// </summary>
public sealed class InferenceRequest : IDisposable
{
    public InferenceRequest(ModelSchema schema)
    {
        Schema = schema;
        Inputs = new InferenceTensor?[schema.Inputs.Count];
    }

    public ModelSchema Schema { get; }

    /// <summary>The client's request id, echoed in the response.</summary>
    public string? Id { get; set; }

    /// <summary>Input tensors by model input position; null where not (yet) given.</summary>
    public InferenceTensor?[] Inputs { get; }

    /// <summary>The outputs wanted, in response order; null for all outputs in model order.</summary>
    public List<RequestedOutput>? Outputs { get; set; }

    /// <summary>Send every output not named in <see cref="Outputs"/> as binary data (the <c>binary_data_output</c> parameter).</summary>
    public bool BinaryDataOutput { get; set; }

    /// <summary>Rows along the batch dimension (that of the first input).</summary>
    public long Rows => Inputs.Length == 0 || Inputs[0] is null ? 0 : Inputs[0]!.Rows;

    public void Dispose()
    {
        for (var i = 0; i < Inputs.Length; i++)
        {
            Inputs[i]?.Dispose();
            Inputs[i] = null;
        }
    }
}
