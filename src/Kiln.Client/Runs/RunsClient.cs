using System.Runtime.CompilerServices;
using Kiln.Client.Http;
using Kiln.Client.Json;

namespace Kiln.Client;

/// <summary>Runs: create, get, search, delete, restore, update, and logging of metrics, params, tags and inputs.</summary>
public sealed class RunsClient
{
    private const string Api = "api/2.0/mlflow/";
    private static readonly KilnClientJsonContext Json = KilnClientJsonContext.Default;
    private readonly KilnHttp _http;
    private readonly TimeProvider _clock;

    internal RunsClient(KilnHttp http, TimeProvider clock)
    {
        _http = http;
        _clock = clock;
    }

    public async Task<Run> CreateAsync(NewRun? run = null, CancellationToken cancellationToken = default)
    {
        run ??= new NewRun();
        var request = new CreateRunRequest(run.ExperimentId, run.UserId, run.StartTime ?? Now(), run.RunName, run.Tags);
        return (await _http.SendAsync(HttpMethod.Post, Api + "runs/create", request, Json.CreateRunRequest, Json.RunResponse, cancellationToken)).Run;
    }

    public async Task<Run> GetAsync(string runId, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Api + "runs/get", new QueryString().Add("run_id", runId), Json.RunResponse, cancellationToken)).Run;

    public async Task<Page<Run>> SearchAsync(RunSearch search, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        var request = new SearchRunsRequest(search.ExperimentIds, search.Filter, ViewTypes.ToWire(search.ViewType), search.MaxResults, search.OrderBy, search.PageToken);
        var response = await _http.SendAsync(HttpMethod.Post, Api + "runs/search", request, Json.SearchRunsRequest, Json.SearchRunsResponse, cancellationToken);
        return new Page<Run>(response.Runs ?? [], Paging.NextToken(response.NextPageToken));
    }

    /// <summary>Every run the search matches, fetching page after page.</summary>
    public async IAsyncEnumerable<Run> SearchAllAsync(RunSearch search, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(search);
        do
        {
            var page = await SearchAsync(search, cancellationToken);
            foreach (var run in page.Items)
            {
                yield return run;
            }
            search = search with { PageToken = page.NextPageToken };
        }
        while (search.PageToken is not null);
    }

    public Task DeleteAsync(string runId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/delete", new RunIdRequest(runId), Json.RunIdRequest, cancellationToken);

    public Task RestoreAsync(string runId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/restore", new RunIdRequest(runId), Json.RunIdRequest, cancellationToken);

    /// <summary>Sets a run's status (<c>FINISHED</c>, <c>FAILED</c>, ...), end time or name; null leaves a field as it is.</summary>
    public async Task<RunInfo> UpdateAsync(string runId, string? status = null, long? endTime = null, string? runName = null, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync(HttpMethod.Post, Api + "runs/update", new UpdateRunRequest(runId, status, endTime, runName), Json.UpdateRunRequest, Json.UpdateRunResponse, cancellationToken)).RunInfo;

    /// <summary>Logs one metric point; the timestamp defaults to now.</summary>
    public Task LogMetricAsync(string runId, string key, double value, long? timestamp = null, long step = 0, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/log-metric", new LogMetricRequest(runId, key, value, timestamp ?? Now(), step), Json.LogMetricRequest, cancellationToken);

    public Task LogParamAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/log-parameter", new RunKeyValueRequest(runId, key, value), Json.RunKeyValueRequest, cancellationToken);

    public Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/set-tag", new RunKeyValueRequest(runId, key, value), Json.RunKeyValueRequest, cancellationToken);

    /// <summary>Logs metrics, params and tags in one atomic request (at most 1000 metrics, 100 params, 100 tags).</summary>
    public Task LogBatchAsync(string runId, IReadOnlyList<Metric>? metrics = null, IReadOnlyList<KeyValue>? parameters = null, IReadOnlyList<KeyValue>? tags = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/log-batch", new LogBatchRequest(runId, metrics, parameters, tags), Json.LogBatchRequest, cancellationToken);

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> datasets, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "runs/log-inputs", new LogInputsRequest(runId, datasets), Json.LogInputsRequest, cancellationToken);

    /// <summary>One page of a metric's history; without <paramref name="maxResults"/> the server returns it all.</summary>
    public async Task<Page<Metric>> GetMetricHistoryAsync(string runId, string key, int? maxResults = null, string? pageToken = null, CancellationToken cancellationToken = default)
    {
        var query = new QueryString().Add("run_id", runId).Add("metric_key", key).Add("max_results", maxResults).Add("page_token", pageToken);
        var response = await _http.GetAsync(Api + "metrics/get-history", query, Json.MetricHistoryResponse, cancellationToken);
        return new Page<Metric>(response.Metrics ?? [], Paging.NextToken(response.NextPageToken));
    }

    /// <summary>A metric's whole history, fetched in pages of <paramref name="pageSize"/> points.</summary>
    public async IAsyncEnumerable<Metric> GetAllMetricHistoryAsync(string runId, string key, int pageSize = 25_000, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string? token = null;
        do
        {
            var page = await GetMetricHistoryAsync(runId, key, pageSize, token, cancellationToken);
            foreach (var metric in page.Items)
            {
                yield return metric;
            }
            token = page.NextPageToken;
        }
        while (token is not null);
    }

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();
}
