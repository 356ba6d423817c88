using System.Globalization;
using Kiln.Core.Metrics;

namespace Kiln.Serving;

/// <summary>Why an inference request failed: the fixed values of the failure counter's <c>reason</c> label.</summary>
public enum FailureReason
{
    InvalidInput,
    QueueFull,
    Timeout,
    RuntimeError,
}

/// <summary>
/// The <c>kiln_inference_*</c> Prometheus metrics, labelled by model and version only (plus a fixed reason on
/// failures). Each loaded version holds its own pre-resolved series, removed again when it unloads.
/// </summary>
public sealed class InferenceMetrics
{
    /// <summary>10 µs to 10 s: model runs here take microseconds.</summary>
    public static readonly double[] LatencyBuckets = [0.00001, 0.000025, 0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private static readonly string[] ReasonLabels = ["invalid_input", "queue_full", "timeout", "runtime_error"];

    private readonly Counter _success;
    private readonly Counter _failure;
    private readonly Counter _inferences;
    private readonly Counter _executions;
    private readonly Histogram _queue;
    private readonly Histogram _compute;
    private readonly Histogram _total;
    private readonly Histogram _batchSize;
    private readonly Counter _loadFailures;
    private readonly MetricsRegistry _registry;

    public InferenceMetrics(MetricsRegistry registry)
    {
        _registry = registry;
        _success = registry.Counter("kiln_inference_request_success_total", "Inference requests answered successfully.", "model", "version");
        _failure = registry.Counter("kiln_inference_request_failure_total", "Inference requests that failed, by reason.", "model", "version", "reason");
        _inferences = registry.Counter("kiln_inference_count_total", "Rows inferred (a batched request counts each of its rows).", "model", "version");
        _executions = registry.Counter("kiln_inference_exec_count_total", "Model runs (one run serves a whole batch).", "model", "version");
        _queue = registry.Histogram("kiln_inference_queue_duration_seconds", "Time requests waited in the batching queue.", LatencyBuckets, "model", "version");
        _compute = registry.Histogram("kiln_inference_compute_duration_seconds", "Time ONNX Runtime took per run.", LatencyBuckets, "model", "version");
        _total = registry.Histogram("kiln_inference_request_duration_seconds", "Time from request to response, decode and encode included.", LatencyBuckets, "model", "version");
        _batchSize = registry.Histogram("kiln_inference_batch_size", "Rows per model run.", Buckets.BatchSize, "model", "version");
        _loadFailures = registry.Counter("kiln_inference_model_load_failures_total", "Model versions that failed to load or validate.", "model", "version");
    }

    /// <summary>Registers the loaded-models gauge, read when scraped.</summary>
    public void ObserveLoadedModels(Func<int> count) =>
        _registry.ObservableGauge("kiln_inference_loaded_models", "Model versions loaded and serving.", () => [([], count())]);

    public ModelMetrics ForVersion(string model, long version)
    {
        var v = version.ToString(CultureInfo.InvariantCulture);
        var failures = new CounterChild[ReasonLabels.Length];
        for (var i = 0; i < failures.Length; i++)
        {
            failures[i] = _failure.WithLabels(model, v, ReasonLabels[i]);
        }
        return new ModelMetrics(
            _success.WithLabels(model, v), failures, _inferences.WithLabels(model, v), _executions.WithLabels(model, v),
            _queue.WithLabels(model, v), _compute.WithLabels(model, v), _total.WithLabels(model, v), _batchSize.WithLabels(model, v));
    }

    public void LoadFailed(string model, long version) => _loadFailures.WithLabels(model, version.ToString(CultureInfo.InvariantCulture)).Inc();

    /// <summary>Removes an unloaded version's series.</summary>
    public void Remove(string model, long version)
    {
        var v = version.ToString(CultureInfo.InvariantCulture);
        _success.Remove(model, v);
        foreach (var reason in ReasonLabels)
        {
            _failure.Remove(model, v, reason);
        }
        _inferences.Remove(model, v);
        _executions.Remove(model, v);
        _queue.Remove(model, v);
        _compute.Remove(model, v);
        _total.Remove(model, v);
        _batchSize.Remove(model, v);
    }
}

/// <summary>One model version's series, resolved once so the request path only increments.</summary>
public sealed class ModelMetrics(
    CounterChild success, CounterChild[] failures, CounterChild inferences, CounterChild executions,
    HistogramChild queue, HistogramChild compute, HistogramChild total, HistogramChild batchSize)
{
    public void Succeeded(long startTimestamp)
    {
        success.Inc();
        total.ObserveSince(startTimestamp);
    }

    public void Failed(FailureReason reason) => failures[(int)reason].Inc();

    internal void Queued(long enqueuedTimestamp, long dequeuedTimestamp) =>
        queue.Observe((dequeuedTimestamp - enqueuedTimestamp) / (double)System.Diagnostics.Stopwatch.Frequency);

    internal void Ran(long rows, long elapsedTicks)
    {
        executions.Inc();
        inferences.Inc(rows);
        batchSize.Observe(rows);
        compute.Observe(elapsedTicks / (double)System.Diagnostics.Stopwatch.Frequency);
    }
}
