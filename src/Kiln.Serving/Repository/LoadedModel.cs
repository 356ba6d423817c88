using System.Diagnostics;
using Kiln.Core;
using Kiln.Onnx;
using Kiln.Serving.Batching;
using Kiln.Serving.Inference;

namespace Kiln.Serving.Repository;

/// <summary>
/// One model version loaded and serving: its ONNX session, schema, optional batcher and metrics. Reference counted:
/// the repository holds one reference while it serves the version and every request holds a lease; the session is
/// disposed only when the version is retired and the last lease is released.
/// </summary>
public sealed class LoadedModel
{
    private readonly OnnxSession _session;
    private readonly ModelRunner _runner;
    private readonly DynamicBatcher? _batcher;
    private readonly Action<LoadedModel> _onDisposed;
    private int _references = 1;
    private long _lastUsed;

    internal LoadedModel(string name, long version, OnnxSession session, ModelSchema schema, long sizeBytes, BatchingOptions? batching, ModelMetrics metrics, Action<LoadedModel> onDisposed)
    {
        Name = name;
        Version = version;
        VersionText = version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _session = session;
        Schema = schema;
        SizeBytes = sizeBytes;
        Metrics = metrics;
        _onDisposed = onDisposed;
        _runner = new ModelRunner(session, schema);
        if (batching is not null && schema.SupportsBatching)
        {
            _batcher = new DynamicBatcher(this, _runner, batching);
        }
        Touch();
    }

    public string Name { get; }

    public long Version { get; }

    public string VersionText { get; }

    public ModelSchema Schema { get; }

    /// <summary>Bytes of the model's files, the measure <see cref="ServingOptions.MaxModelMemoryBytes"/> counts.</summary>
    public long SizeBytes { get; }

    public ModelMetrics Metrics { get; }

    public bool IsBatching => _batcher is not null;

    /// <summary>The configuration wants this version loaded, so capacity limits never unload it.</summary>
    internal bool Pinned { get; set; }

    internal long LastUsed => Volatile.Read(ref _lastUsed);

    internal bool IsRetired { get; private set; }

    /// <summary>
    /// Runs the request: checks its tensors against the model, then runs it at once or through the batcher.
    /// Failures are counted here by reason; the caller counts successes once the response is written.
    /// </summary>
    public async ValueTask<InferenceResponse> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            ModelRunner.Validate(Schema, request);
            return _batcher is not null ? await _batcher.EnqueueAsync(request, cancellationToken) : RunAlone(request);
        }
        catch (KilnException ex)
        {
            Metrics.Failed(ex.Code switch
            {
                ErrorCode.InvalidParameterValue or ErrorCode.BadRequest => FailureReason.InvalidInput,
                ErrorCode.TemporarilyUnavailable when ex is QueueFullException => FailureReason.QueueFull,
                ErrorCode.TemporarilyUnavailable => FailureReason.Timeout,
                _ => FailureReason.RuntimeError,
            });
            throw;
        }
        catch (Exception)
        {
            Metrics.Failed(FailureReason.RuntimeError);
            throw;
        }
    }

    private InferenceResponse RunAlone(InferenceRequest request)
    {
        var wanted = request.Outputs;
        Span<int> outputs = stackalloc int[wanted is null ? Schema.Outputs.Count : wanted.Count];
        var count = 0;
        if (wanted is null)
        {
            for (; count < outputs.Length; count++)
            {
                outputs[count] = count;
            }
        }
        else
        {
            foreach (var output in wanted)
            {
                if (!outputs[..count].Contains(output.OutputIndex))
                {
                    outputs[count++] = output.OutputIndex;
                }
            }
        }
        var run = _runner.Run(request.Inputs!, outputs[..count], out var elapsed);
        Metrics.Ran(request.Rows, elapsed);
        return CreateResponse(request, run, 0, -1);
    }

    /// <summary>The response for a request whose rows are <paramref name="firstRow"/>.. of a run (-1 rows: all).</summary>
    internal InferenceResponse CreateResponse(InferenceRequest request, RunOutputs run, long firstRow, long rows)
    {
        var wanted = request.Outputs;
        var tensors = new OutputTensor[wanted?.Count ?? Schema.Outputs.Count];
        for (var i = 0; i < tensors.Length; i++)
        {
            var index = wanted is null ? i : wanted[i].OutputIndex;
            var binary = wanted is null ? request.BinaryDataOutput : wanted[i].Binary ?? request.BinaryDataOutput;
            var buffer = run[index]!;
            tensors[i] = new OutputTensor(buffer, firstRow, rows < 0 ? (buffer.Shape.Length == 0 ? 1 : buffer.Shape[0]) : rows, binary);
        }
        return new InferenceResponse(Name, Version, request.Id, tensors, run);
    }

    internal void Touch() => Volatile.Write(ref _lastUsed, Stopwatch.GetTimestamp());

    internal bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }
            current = seen;
        }
        return false;
    }

    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            _batcher?.Dispose();
            _session.Dispose();
            _onDisposed(this);
        }
    }

    /// <summary>Drops the repository's reference: requests already holding leases finish on this version.</summary>
    internal void Retire()
    {
        IsRetired = true;
        Release();
    }

    public override string ToString() => $"{Name} version {VersionText}";
}

/// <summary>A request's hold on a loaded model version: the version stays loaded until the lease is disposed.</summary>
public readonly struct ModelLease(LoadedModel model) : IDisposable
{
    public LoadedModel Model { get; } = model;

    public void Dispose() => Model?.Release();
}

/// <summary>The batching queue of a model is full: the request is refused (503 with Retry-After).</summary>
public sealed class QueueFullException(string message) : KilnException(ErrorCode.TemporarilyUnavailable, message);
