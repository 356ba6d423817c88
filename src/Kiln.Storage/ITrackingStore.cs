using Kiln.Storage.Entities;
using Kiln.Storage.Queries;

namespace Kiln.Storage;

/// <summary>
/// Experiments, runs and everything logged to them. Implementations enforce the invariants that need
/// atomicity (names unique, params immutable, logging only to active runs) and throw
/// <see cref="Core.KilnException"/> with the matching code when one is broken.
/// </summary>
public interface ITrackingStore
{
    Task EnsureDefaultExperimentAsync(string artifactLocation, CancellationToken cancellationToken);

    Task<long> CreateExperimentAsync(string name, string? artifactLocation, IReadOnlyList<KeyValue> tags, Func<long, string> defaultArtifactLocation, CancellationToken cancellationToken);

    Task<Experiment?> GetExperimentAsync(long experimentId, CancellationToken cancellationToken);

    Task<Experiment?> GetExperimentByNameAsync(string name, CancellationToken cancellationToken);

    Task<Page<Experiment>> SearchExperimentsAsync(ExperimentSearchQuery query, CancellationToken cancellationToken);

    Task DeleteExperimentAsync(long experimentId, CancellationToken cancellationToken);

    Task RestoreExperimentAsync(long experimentId, CancellationToken cancellationToken);

    Task RenameExperimentAsync(long experimentId, string newName, CancellationToken cancellationToken);

    Task SetExperimentTagAsync(long experimentId, KeyValue tag, CancellationToken cancellationToken);

    Task DeleteExperimentTagAsync(long experimentId, string key, CancellationToken cancellationToken);

    Task<Run> CreateRunAsync(NewRun run, CancellationToken cancellationToken);

    Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken);

    Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken);

    Task DeleteRunAsync(string runId, CancellationToken cancellationToken);

    Task RestoreRunAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Logs metrics, params and tags to an active run in one atomic write.</summary>
    Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<KeyValue> parameters, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken);

    Task DeleteRunTagAsync(string runId, string key, CancellationToken cancellationToken);

    Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken);

    Task<Page<Metric>> GetMetricHistoryAsync(MetricHistoryQuery query, CancellationToken cancellationToken);

    /// <summary>Every point of one metric for several runs, optionally limited to a step range, in step order.</summary>
    Task<IReadOnlyList<RunMetric>> GetMetricHistoriesAsync(IReadOnlyList<string> runIds, string metricKey, long? startStep, long? endStep, CancellationToken cancellationToken);

    Task<Page<Run>> SearchRunsAsync(RunSearchQuery query, CancellationToken cancellationToken);

    /// <summary>Permanently removes runs and experiments deleted before the cutoff; returns what went, so artifacts can follow.</summary>
    Task<PurgeResult> PurgeDeletedAsync(long deletedBefore, IReadOnlyList<string>? onlyRunIds, CancellationToken cancellationToken);
}

public sealed record NewRun(long ExperimentId, string RunId, string RunName, string? UserId, long StartTime, RunStatus Status, IReadOnlyList<KeyValue> Tags);

public readonly record struct RunMetric(string RunId, Metric Metric);

public sealed record PurgedRun(string RunId, string ArtifactUri);

public sealed record PurgeResult(IReadOnlyList<PurgedRun> Runs, IReadOnlyList<Experiment> Experiments);
