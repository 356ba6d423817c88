using System.Globalization;
using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Tracking;
using Kiln.Tracking.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiln.Tracking;

/// <summary>
/// Experiments and runs with MLflow's rules: validation, limits, run naming, the tags MLflow keeps in step.
/// Protocol layers call this; it calls the store.
/// </summary>
public sealed partial class TrackingService(ITrackingStore store, IOptions<TrackingOptions> options, TimeProvider clock, ILogger<TrackingService> logger)
{
    public const string RunNameTag = SqlTrackingStore.RunNameTag;
    public const string LogModelHistoryTag = "mlflow.log-model.history";
    public const string DefaultExperimentId = "0";

    private readonly TrackingOptions _options = options.Value;

    public ITrackingStore Store => store;

    public string DefaultArtifactLocation(long experimentId) =>
        _options.DefaultArtifactRoot.TrimEnd('/') + "/" + experimentId.ToString(CultureInfo.InvariantCulture);

    public Task EnsureDefaultExperimentAsync(CancellationToken cancellationToken) =>
        store.EnsureDefaultExperimentAsync(DefaultArtifactLocation(0), cancellationToken);

    /// <summary>Experiment ids are decimal strings on the wire; anything else names no experiment.</summary>
    public static long ParseExperimentId(string? experimentId) =>
        long.TryParse(experimentId, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw KilnException.NotFound($"No Experiment with id={experimentId} exists");

    public async Task<long> CreateExperimentAsync(string? name, string? artifactLocation, IReadOnlyList<KeyValue> tags, CancellationToken cancellationToken)
    {
        Validation.ExperimentName(name);
        if (artifactLocation is not null && artifactLocation.Length == 0)
        {
            artifactLocation = null;
        }
        if (artifactLocation is not null && artifactLocation.Contains("..", StringComparison.Ordinal) && Uri.TryCreate(artifactLocation, UriKind.Absolute, out var uri)
            && Uri.UnescapeDataString(uri.Query).Contains("..", StringComparison.Ordinal))
        {
            throw KilnException.InvalidParameter("Invalid query string");
        }
        foreach (var tag in tags)
        {
            ExperimentTag(tag);
        }
        return await store.CreateExperimentAsync(name!, artifactLocation, tags, DefaultArtifactLocation, cancellationToken);
    }

    public async Task<Experiment> GetExperimentAsync(string? experimentId, CancellationToken cancellationToken)
    {
        var id = ParseExperimentId(experimentId);
        return await store.GetExperimentAsync(id, cancellationToken) ?? throw KilnException.NotFound($"No Experiment with id={experimentId} exists");
    }

    public async Task<Experiment> GetExperimentByNameAsync(string name, CancellationToken cancellationToken) =>
        await store.GetExperimentByNameAsync(name, cancellationToken)
        ?? throw KilnException.NotFound($"Could not find experiment with name '{name}'");

    public Task<Page<Experiment>> SearchExperimentsAsync(int? maxResults, string? pageToken, string? filter, IReadOnlyList<string>? orderBy, ViewType viewType, CancellationToken cancellationToken)
    {
        var max = maxResults ?? 1000;
        if (max < 1)
        {
            throw KilnException.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be a positive integer");
        }
        if (max > 50000)
        {
            throw KilnException.InvalidParameter($"Invalid value {max} for parameter 'max_results' supplied. It must be at most 50000");
        }
        var query = new ExperimentSearchQuery(
            ExperimentSearchParser.ParseFilter(filter), viewType, max, ExperimentSearchParser.ParseOrderBy(orderBy), PageToken.Decode(pageToken));
        return store.SearchExperimentsAsync(query, cancellationToken);
    }

    public Task DeleteExperimentAsync(string? experimentId, CancellationToken cancellationToken) =>
        store.DeleteExperimentAsync(ParseExperimentId(experimentId), cancellationToken);

    public Task RestoreExperimentAsync(string? experimentId, CancellationToken cancellationToken) =>
        store.RestoreExperimentAsync(ParseExperimentId(experimentId), cancellationToken);

    public Task RenameExperimentAsync(string? experimentId, string newName, CancellationToken cancellationToken)
    {
        Validation.ExperimentName(newName);
        return store.RenameExperimentAsync(ParseExperimentId(experimentId), newName, cancellationToken);
    }

    public Task SetExperimentTagAsync(string? experimentId, KeyValue tag, CancellationToken cancellationToken)
    {
        ExperimentTag(tag);
        return store.SetExperimentTagAsync(ParseExperimentId(experimentId), tag, cancellationToken);
    }

    public Task DeleteExperimentTagAsync(string? experimentId, string key, CancellationToken cancellationToken) =>
        store.DeleteExperimentTagAsync(ParseExperimentId(experimentId), key, cancellationToken);

    private static void ExperimentTag(KeyValue tag)
    {
        Validation.EntityName(tag.Key, "tag");
        Validation.Length("Tag value", tag.Value, Validation.MaxTagValueLength);
    }
}
