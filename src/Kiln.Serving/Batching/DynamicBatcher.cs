using System.Buffers;
using System.Diagnostics;
using Kiln.Core;
using Kiln.Serving.Inference;
using Kiln.Serving.Repository;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Batching;

/// <summary>
/// Triton-style dynamic batching for one model version: requests queue, a worker thread stacks compatible ones
/// along the first dimension (up to MaxBatchSize rows, waiting at most MaxQueueDelayMicroseconds after the first),
/// runs the model once and hands each request its rows. Results equal unbatched runs row for row.
/// </summary>
internal sealed class DynamicBatcher : IDisposable
{
    private readonly LoadedModel _model;
    private readonly ModelRunner _runner;
    private readonly BatchingOptions _options;
    private readonly long _delayTicks;
    private readonly long _timeoutTicks;
    private readonly Queue<Pending> _queue = new();
    private readonly object _gate = new();
    private readonly Thread _worker;
    private long _queuedRows;
    private bool _stopping;

    public DynamicBatcher(LoadedModel model, ModelRunner runner, BatchingOptions options)
    {
        _model = model;
        _runner = runner;
        _options = options;
        _delayTicks = options.MaxQueueDelayMicroseconds * Stopwatch.Frequency / 1_000_000;
        _timeoutTicks = options.Timeout <= TimeSpan.Zero ? long.MaxValue : (long)(options.Timeout.TotalSeconds * Stopwatch.Frequency);
        _worker = new Thread(Work) { IsBackground = true, Name = $"kiln-batcher {model.Name}/{model.VersionText}" };
        _worker.Start();
    }

    public Task<InferenceResponse> EnqueueAsync(InferenceRequest request, CancellationToken cancellationToken)
    {
        var pending = new Pending(request, Stopwatch.GetTimestamp());
        lock (_gate)
        {
            if (_stopping)
            {
                throw new KilnException(ErrorCode.TemporarilyUnavailable, $"Model {_model} is unloading.");
            }
            if (_queue.Count >= _options.MaxQueueSize)
            {
                throw new QueueFullException($"The queue of model {_model} is full ({_options.MaxQueueSize} requests waiting); retry later.");
            }
            _queue.Enqueue(pending);
            _queuedRows += pending.Rows;
            if (_queue.Count == 1 || _queuedRows >= _options.MaxBatchSize)
            {
                Monitor.Pulse(_gate);
            }
        }
        return pending.Completion.Task;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stopping = true;
            Monitor.PulseAll(_gate);
        }
        if (Thread.CurrentThread != _worker)
        {
            _worker.Join();
        }
    }

    private void Work()
    {
        var batch = new List<Pending>(_options.MaxBatchSize);
        while (TakeBatch(batch))
        {
            Run(batch);
            batch.Clear();
        }
    }

    /// <summary>Waits for a batch: the first request, then more until the batch is full or the delay has passed.</summary>
    private bool TakeBatch(List<Pending> batch)
    {
        lock (_gate)
        {
            while (_queue.Count == 0)
            {
                if (_stopping)
                {
                    return false;
                }
                Monitor.Wait(_gate);
            }
        }
        var deadline = PeekEnqueued() + _delayTicks;
        while (true)
        {
            lock (_gate)
            {
                var remaining = deadline - Stopwatch.GetTimestamp();
                if (_queuedRows >= _options.MaxBatchSize || remaining <= 0 || _stopping)
                {
                    Dequeue(batch);
                    return true;
                }
                if (remaining > Stopwatch.Frequency / 1000)
                {
                    Monitor.Wait(_gate, TimeSpan.FromTicks(remaining * TimeSpan.TicksPerSecond / Stopwatch.Frequency));
                    continue;
                }
            }
            // Under a millisecond to go: timed waits are too coarse, so yield until the deadline.
            Thread.Yield();
        }
    }

    private long PeekEnqueued()
    {
        lock (_gate)
        {
            return _queue.Peek().Enqueued;
        }
    }

    /// <summary>Takes compatible requests from the head of the queue, up to the batch size; expired ones are refused.</summary>
    private void Dequeue(List<Pending> batch)
    {
        var now = Stopwatch.GetTimestamp();
        long rows = 0;
        while (_queue.Count > 0)
        {
            var next = _queue.Peek();
            if (now - next.Enqueued > _timeoutTicks)
            {
                _queue.Dequeue();
                _queuedRows -= next.Rows;
                next.Completion.TrySetException(new KilnException(ErrorCode.TemporarilyUnavailable,
                    $"The request waited longer than {_options.Timeout} in the queue of model {_model}."));
                continue;
            }
            if (batch.Count > 0 && (rows + next.Rows > _options.MaxBatchSize || !Compatible(batch[0].Request, next.Request)))
            {
                break;
            }
            _queue.Dequeue();
            _queuedRows -= next.Rows;
            rows += next.Rows;
            batch.Add(next);
        }
    }

    private void Run(List<Pending> batch)
    {
        if (batch.Count == 0)
        {
            return;
        }
        var started = Stopwatch.GetTimestamp();
        foreach (var pending in batch)
        {
            _model.Metrics.Queued(pending.Enqueued, started);
        }
        var schema = _runner.Schema;
        InferenceTensor[]? stacked = null;
        try
        {
            RunOutputs run;
            long elapsed;
            long totalRows = 0;
            if (batch.Count == 1)
            {
                run = _runner.Run(batch[0].Request.Inputs!, _runner.AllOutputs, out elapsed);
                totalRows = batch[0].Rows;
            }
            else
            {
                stacked = new InferenceTensor[schema.Inputs.Count];
                for (var i = 0; i < stacked.Length; i++)
                {
                    stacked[i] = Stack(batch, i);
                }
                totalRows = stacked[0].Rows;
                run = _runner.Run(stacked, _runner.AllOutputs, out elapsed);
            }
            _model.Metrics.Ran(totalRows, elapsed);
            run.AddReferences(batch.Count - 1);
            long firstRow = 0;
            foreach (var pending in batch)
            {
                pending.Completion.TrySetResult(_model.CreateResponse(pending.Request, run, firstRow, pending.Rows));
                firstRow += pending.Rows;
            }
        }
        catch (Exception ex)
        {
            foreach (var pending in batch)
            {
                pending.Completion.TrySetException(ex);
            }
        }
        finally
        {
            if (stacked is not null)
            {
                foreach (var tensor in stacked)
                {
                    tensor?.Dispose();
                }
            }
        }
    }

    /// <summary>Concatenates input <paramref name="index"/> of every request along the first dimension.</summary>
    private static InferenceTensor Stack(List<Pending> batch, int index)
    {
        var first = batch[0].Request.Inputs[index]!;
        long rows = 0;
        long elements = 0;
        foreach (var pending in batch)
        {
            var tensor = pending.Request.Inputs[index]!;
            rows += tensor.Rows;
            elements += tensor.ElementCount;
        }
        var shape = (long[])first.Shape.Clone();
        shape[0] = rows;
        if (first.DataType == TensorDataType.Bytes)
        {
            var strings = ArrayPool<string>.Shared.Rent((int)Math.Max(1, elements));
            var offset = 0;
            foreach (var pending in batch)
            {
                var source = pending.Request.Inputs[index]!.Strings;
                source.CopyTo(strings.AsSpan(offset));
                offset += source.Length;
            }
            return InferenceTensor.FromPooledStrings(first.Name, shape, strings);
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(1, elements * first.DataType.ElementSize()));
        var position = 0;
        foreach (var pending in batch)
        {
            var source = pending.Request.Inputs[index]!.Bytes;
            source.CopyTo(buffer.AsSpan(position));
            position += source.Length;
        }
        return InferenceTensor.FromPooledBuffer(first.Name, first.DataType, shape, buffer);
    }

    /// <summary>Requests stack when every input has the same size in every dimension but the first.</summary>
    private static bool Compatible(InferenceRequest a, InferenceRequest b)
    {
        for (var i = 0; i < a.Inputs.Length; i++)
        {
            if (!a.Inputs[i]!.Shape.AsSpan(1).SequenceEqual(b.Inputs[i]!.Shape.AsSpan(1)))
            {
                return false;
            }
        }
        return true;
    }

    private sealed class Pending(InferenceRequest request, long enqueued)
    {
        public InferenceRequest Request { get; } = request;

        public long Enqueued { get; } = enqueued;

        public long Rows { get; } = request.Rows;

        public TaskCompletionSource<InferenceResponse> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
