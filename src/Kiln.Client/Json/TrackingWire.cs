namespace Kiln.Client.Json;

// Request and answer bodies of MLflow's tracking API, named as on the wire (snake_case).

internal sealed record CreateExperimentRequest(string Name, string? ArtifactLocation, IReadOnlyList<KeyValue>? Tags);

internal sealed record CreateExperimentResponse(string ExperimentId);

internal sealed record ExperimentResponse(Experiment Experiment);

internal sealed record ExperimentIdRequest(string ExperimentId);

internal sealed record RenameExperimentRequest(string ExperimentId, string NewName);

internal sealed record ExperimentTagRequest(string ExperimentId, string Key, string Value);

internal sealed record SearchExperimentsRequest(int? MaxResults, string? PageToken, string? Filter, IReadOnlyList<string>? OrderBy, string? ViewType);

internal sealed record SearchExperimentsResponse(IReadOnlyList<Experiment>? Experiments, string? NextPageToken);

internal sealed record CreateRunRequest(string? ExperimentId, string? UserId, long? StartTime, string? RunName, IReadOnlyList<KeyValue>? Tags);

internal sealed record RunResponse(Run Run);

internal sealed record RunIdRequest(string RunId);

internal sealed record UpdateRunRequest(string RunId, string? Status, long? EndTime, string? RunName);

internal sealed record UpdateRunResponse(RunInfo RunInfo);

internal sealed record LogMetricRequest(string RunId, string Key, double Value, long Timestamp, long Step);

internal sealed record RunKeyValueRequest(string RunId, string Key, string Value);

internal sealed record LogBatchRequest(string RunId, IReadOnlyList<Metric>? Metrics, IReadOnlyList<KeyValue>? Params, IReadOnlyList<KeyValue>? Tags);

internal sealed record LogInputsRequest(string RunId, IReadOnlyList<DatasetInput> Datasets);

internal sealed record SearchRunsRequest(IReadOnlyList<string> ExperimentIds, string? Filter, string? RunViewType, int? MaxResults, IReadOnlyList<string>? OrderBy, string? PageToken);

internal sealed record SearchRunsResponse(IReadOnlyList<Run>? Runs, string? NextPageToken);

internal sealed record MetricHistoryResponse(IReadOnlyList<Metric>? Metrics, string? NextPageToken);

/// <summary>MLflow's empty answer, <c>{}</c>.</summary>
internal sealed record EmptyResponse;
