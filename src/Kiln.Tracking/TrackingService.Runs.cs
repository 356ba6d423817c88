using System.Text.Json;
using System.Text.Json.Nodes;
using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Tracking;
using Kiln.Tracking.Search;

namespace Kiln.Tracking;

public sealed partial class TrackingService
{
    public const int MaxSearchRunsResults = 50000;

    public async Task<Run> CreateRunAsync(string? experimentId, string? userId, long? startTime, string? runName, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        var experiment = ParseExperimentId(string.IsNullOrEmpty(experimentId) ? DefaultExperimentId : experimentId);
        var cleanTags = new List<KeyValue>(tags.Count + 1);
        string? taggedName = null;
        foreach (var tag in tags)
        {
            var clean = RunTag(tag, null);
            if (clean.Key == RunNameTag)
            {
                taggedName = clean.Value;
            }
            cleanTags.Add(clean);
        }
        if (!string.IsNullOrEmpty(runName) && taggedName is not null && taggedName != runName)
        {
            throw KilnException.InvalidParameter(
                $"Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='{runName}', mlflow.runName='{taggedName}').");
        }
        var name = !string.IsNullOrEmpty(runName) ? runName : !string.IsNullOrEmpty(taggedName) ? taggedName : RunNames.Generate();
        if (taggedName is null)
        {
            cleanTags.Add(new KeyValue(RunNameTag, name));
        }
        var run = new NewRun(experiment, Ids.NewRunId(), name, userId, startTime ?? clock.GetUtcNow().ToUnixTimeMilliseconds(), RunStatus.Running, cleanTags);
        return await store.CreateRunAsync(run, cancellationToken);
    }

    public async Task<Run> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        await store.GetRunAsync(runId, cancellationToken) ?? throw KilnException.NotFound($"Run with id={runId} not found");

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken) =>
        store.UpdateRunAsync(runId, status, endTime, string.IsNullOrEmpty(runName) ? null : runName, cancellationToken);

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken) => store.DeleteRunAsync(runId, cancellationToken);

    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken) => store.RestoreRunAsync(runId, cancellationToken);

    public Task LogMetricAsync(string runId, Metric metric, CancellationToken cancellationToken)
    {
        Validation.Metric(metric);
        return store.LogBatchAsync(runId, [metric], [], [], cancellationToken);
    }

    public async Task LogParamAsync(string runId, KeyValue parameter, CancellationToken cancellationToken)
    {
        var clean = Param(parameter, runId);
        try
        {
            await store.LogBatchAsync(runId, [], [clean], [], cancellationToken);
        }
        catch (ParamConflictException conflict)
        {
            throw KilnException.InvalidParameter(conflict.SingleParamMessage);
        }
    }

    public async Task SetTagAsync(string runId, KeyValue tag, CancellationToken cancellationToken)
    {
        var clean = RunTag(tag, runId);
        if (clean.Key == RunNameTag)
        {
            await store.UpdateRunAsync(runId, null, null, clean.Value, cancellationToken);
            return;
        }
        await store.LogBatchAsync(runId, [], [], [clean], cancellationToken);
    }

    public Task DeleteTagAsync(string runId, string key, CancellationToken cancellationToken) => store.DeleteRunTagAsync(runId, key, cancellationToken);

    public Task LogBatchAsync(string runId, IReadOnlyList<Metric> metrics, IReadOnlyList<KeyValue> parameters, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        Validation.RunId(runId);
        for (var i = 0; i < metrics.Count; i++)
        {
            Validation.Metric(metrics[i]);
        }
        var cleanParams = parameters.Count == 0 ? parameters : parameters.Select(p => Param(p, runId)).ToList();
        var cleanTags = tags.Count == 0 ? tags : tags.Select(t => RunTag(t, runId)).ToList();
        Validation.BatchLimits(metrics.Count, parameters.Count, tags.Count);
        Validation.UniqueParamKeys(cleanParams);
        return store.LogBatchAsync(runId, metrics, cleanParams, cleanTags, cancellationToken);
    }

    public Task LogInputsAsync(string runId, IReadOnlyList<DatasetInput> inputs, CancellationToken cancellationToken)
    {
        Validation.RunId(runId);
        var unique = new List<DatasetInput>(inputs.Count);
        var seen = new HashSet<(string, string)>();
        foreach (var input in inputs)
        {
            DatasetInput(input);
            if (seen.Add((input.Dataset.Name, input.Dataset.Digest)))
            {
                unique.Add(input);
            }
        }
        return store.LogInputsAsync(runId, unique, cancellationToken);
    }

    /// <summary>Records a logged model in the run's <c>mlflow.log-model.history</c> tag, as MLflow does.</summary>
    public async Task LogModelAsync(string runId, string modelJson, CancellationToken cancellationToken)
    {
        JsonObject model;
        try
        {
            model = JsonNode.Parse(modelJson) as JsonObject ?? throw new JsonException();
        }
        catch (JsonException)
        {
            throw KilnException.InvalidParameter($"Malformed model info. \n {modelJson} \n is not a valid JSON.");
        }
        string[] required = ["artifact_path", "flavors", "utc_time_created", "run_id"];
        var missing = required.Where(k => !model.ContainsKey(k)).ToList();
        if (missing.Count > 0)
        {
            throw KilnException.InvalidParameter($"Model json is missing mandatory fields: {{{string.Join(", ", missing.Select(PythonRepr.Str))}}}");
        }
        var entry = new JsonObject();
        foreach (var key in (string[])["run_id", "artifact_path", "utc_time_created", "model_uuid"])
        {
            if (model[key] is { } value)
            {
                entry[key] = value.DeepClone();
            }
        }
        if (model["flavors"] is JsonObject flavors)
        {
            var copy = new JsonObject();
            foreach (var (flavor, config) in flavors)
            {
                var flavorCopy = config?.DeepClone();
                (flavorCopy as JsonObject)?.Remove("config");
                copy[flavor] = flavorCopy;
            }
            entry["flavors"] = copy;
        }
        var run = await GetRunAsync(runId, cancellationToken);
        var history = run.Tags.FirstOrDefault(t => t.Key == LogModelHistoryTag).Value is { } existing && JsonNode.Parse(existing) is JsonArray array
            ? array
            : [];
        history.Add(entry);
        var historyJson = history.ToJsonString();
        Validation.Length("Tag value", historyJson, Validation.MaxTagValueLength);
        await store.LogBatchAsync(runId, [], [], [new KeyValue(LogModelHistoryTag, historyJson)], cancellationToken);
    }

    public async Task<Page<Metric>> GetMetricHistoryAsync(string runId, string metricKey, int? maxResults, string? pageToken, CancellationToken cancellationToken) =>
        await store.GetMetricHistoryAsync(new MetricHistoryQuery(runId, metricKey, maxResults is > 0 ? maxResults.Value : int.MaxValue, PageToken.Decode(pageToken)), cancellationToken);

    public Task<Page<Run>> SearchRunsAsync(IReadOnlyList<string> experimentIds, string? filter, ViewType viewType, int? maxResults, IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken)
    {
        var max = maxResults ?? 1000;
        if (max < 1)
        {
            throw KilnException.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be a positive integer");
        }
        if (max > MaxSearchRunsResults)
        {
            throw KilnException.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be at most {MaxSearchRunsResults}");
        }
        var ids = new List<long>(experimentIds.Count);
        foreach (var id in experimentIds)
        {
            if (long.TryParse(id, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var parsed))
            {
                ids.Add(parsed);
            }
        }
        var query = new RunSearchQuery(ids, RunSearchParser.ParseFilter(filter), viewType, max, RunSearchParser.ParseOrderBy(orderBy), PageToken.Decode(pageToken));
        return store.SearchRunsAsync(query, cancellationToken);
    }

    private KeyValue Param(KeyValue parameter, string? runId)
    {
        Validation.EntityName(parameter.Key, "parameter");
        return new KeyValue(parameter.Key, LimitValue("Param value", "param", parameter, Validation.MaxParamValueLength, runId));
    }

    private KeyValue RunTag(KeyValue tag, string? runId)
    {
        Validation.EntityName(tag.Key, "tag");
        return new KeyValue(tag.Key, LimitValue("Tag value", "tag", tag, Validation.MaxTagValueLength, runId));
    }

    private string LimitValue(string what, string kind, KeyValue pair, int limit, string? runId)
    {
        var value = pair.Value ?? string.Empty;
        if (value.Length <= limit)
        {
            return value;
        }
        if (!_options.TruncateLongValues)
        {
            throw Validation.ExceedsLength(what, limit);
        }
        Log.Truncated(logger, kind, pair.Key, runId ?? "(new)", value.Length, limit);
        return Validation.Truncate(value, limit);
    }

    private static void DatasetInput(DatasetInput input)
    {
        var dataset = input.Dataset;
        Validation.Length("name", dataset.Name, Validation.MaxDatasetNameLength);
        Validation.Length("digest", dataset.Digest, Validation.MaxDatasetDigestLength);
        Validation.Length("source", dataset.Source, Validation.MaxDatasetSourceLength);
        Validation.Length("schema", dataset.Schema, Validation.MaxDatasetSchemaLength);
        Validation.Length("profile", dataset.Profile, Validation.MaxDatasetProfileLength);
        foreach (var tag in input.Tags)
        {
            Validation.Length("key", tag.Key, Validation.MaxInputTagKeyLength);
            Validation.Length("value", tag.Value, Validation.MaxInputTagValueLength);
        }
    }
}
