namespace Kiln.Serving.Inference;

/// <summary>
/// The answer to one <see cref="InferenceRequest"/>: which model version answered, and the outputs. Its tensors
/// point into the run's buffers, which are freed when the response (and every other response of the batch) is disposed.
/// </summary>
public sealed class InferenceResponse : IDisposable
{
    private RunOutputs? _run;

    internal InferenceResponse(string modelName, long modelVersion, string? id, OutputTensor[] outputs, RunOutputs run)
    {
        ModelName = modelName;
        ModelVersion = modelVersion;
        Id = id;
        Outputs = outputs;
        _run = run;
    }

    public string ModelName { get; }

    public long ModelVersion { get; }

    public string? Id { get; }

    public IReadOnlyList<OutputTensor> Outputs { get; }

    public void Dispose() => Interlocked.Exchange(ref _run, null)?.Release();
}
