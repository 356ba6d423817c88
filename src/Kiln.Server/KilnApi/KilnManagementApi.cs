using System.Globalization;
using System.Text.Json.Nodes;
using Kiln.Registry;
using Kiln.Storage.Entities;
using Kiln.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.KilnApi;

/// <summary>
/// Kiln's own API for what MLflow's lacks: alias/stage audit history, lineage, version metadata, and permanent deletion.
/// </summary>
internal static class KilnManagementApi
{
    public static void MapKilnManagementApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/api/kiln/v1/models").AddEndpointFilter(KilnProblems.Filter);
        models.MapGet("/{name}/history", GetHistoryAsync);
        models.MapGet("/{name}/versions/{version}/lineage", GetLineageAsync);
        models.MapGet("/{name}/versions/{version}/metadata", GetMetadataAsync);

        var admin = app.MapGroup("/api/kiln/v1/admin").AddEndpointFilter(KilnProblems.Filter);
        admin.MapPost("/gc", CollectGarbageAsync);
    }

    private static async Task<Ok<HistoryResponse>> GetHistoryAsync(string name, string? alias, RegistryService registry, CancellationToken cancellationToken)
    {
        var events = await registry.GetHistoryAsync(name, alias, cancellationToken);
        return TypedResults.Ok(new HistoryResponse(name, events.Select(e => new HistoryEntry(
            e.EventId, e.ModelName, Kind(e.Kind), e.Alias, e.Version, e.FromVersion, e.ToVersion, e.FromStage, e.ToStage, e.Actor, e.ClientAddress, e.Timestamp)).ToList()));
    }

    private static async Task<Ok<LineageResponse>> GetLineageAsync(string name, string version, RegistryService registry, CancellationToken cancellationToken)
    {
        var lineage = await registry.GetLineageAsync(name, version, cancellationToken);
        var run = lineage.Run;
        var metadata = lineage.Version.ModelMetadata is { } json ? JsonNode.Parse(json) : null;
        return TypedResults.Ok(new LineageResponse(
            Summary(lineage.Version),
            metadata is null ? null : new JsonObject
            {
                ["flavors"] = metadata["flavors"]?.DeepClone(),
                ["signature"] = metadata["signature"]?.DeepClone(),
                ["model_file"] = metadata["model_file"]?.DeepClone(),
            },
            run is null ? null : new RunSummary(
                run.Info.RunId, run.Info.RunName, run.Info.ExperimentId.ToString(CultureInfo.InvariantCulture), run.Info.Status.ToString().ToUpperInvariant(),
                run.Info.LifecycleStage == LifecycleStage.Active ? "active" : "deleted", run.Info.StartTime, run.Info.EndTime, run.Info.UserId, run.Info.ArtifactUri,
                run.Params.ToDictionary(p => p.Key, p => p.Value), run.Metrics.ToDictionary(m => m.Key, m => m.Value), run.Tags.ToDictionary(t => t.Key, t => t.Value)),
            lineage.CodeVersion,
            lineage.SourceName,
            lineage.SourceType,
            run?.Inputs.Select(i => new DatasetSummary(i.Dataset.Name, i.Dataset.Digest, i.Dataset.SourceType, i.Dataset.Source, i.Dataset.Schema, i.Dataset.Profile,
                i.Tags.FirstOrDefault(t => t.Key == "mlflow.data.context").Value)).ToList() ?? [],
            lineage.Artifacts.Select(a => new ArtifactSummary(a.Path, a.IsDirectory, a.Size)).ToList(),
            lineage.ArtifactsTruncated));
    }

    private static async Task<IResult> GetMetadataAsync(string name, string version, RegistryService registry, CancellationToken cancellationToken)
    {
        var modelVersion = await registry.GetModelVersionAsync(name, version, cancellationToken);
        return modelVersion.ModelMetadata is { } json
            ? TypedResults.Text(json, "application/json")
            : TypedResults.Problem(detail: $"Model version {name}/{version} has no parsed MLmodel ({modelVersion.StatusMessage ?? "not registered"}).", statusCode: 404, title: "RESOURCE_DOES_NOT_EXIST");
    }

    private static async Task<Ok<GcResponse>> CollectGarbageAsync(GcRequest? request, Retention retention, CancellationToken cancellationToken)
    {
        var days = request?.OlderThanDays ?? 0;
        if (days < 0 || double.IsNaN(days))
        {
            throw Core.KilnException.InvalidParameter("older_than_days must be zero or more.");
        }
        var summary = await retention.PurgeAsync(TimeSpan.FromDays(days), request?.RunIds, cancellationToken);
        return TypedResults.Ok(new GcResponse(summary.Runs, summary.Experiments, summary.ArtifactFoldersDeleted, summary.ArtifactFoldersFailed));
    }

    private static VersionSummary Summary(ModelVersion version) => new(
        version.Name, version.Version.ToString(CultureInfo.InvariantCulture), version.Source, version.RunId,
        version.Status switch { ModelVersionStatus.Ready => "READY", ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION", _ => "PENDING_REGISTRATION" },
        version.StatusMessage, version.CurrentStage, version.Aliases, version.Tags.ToDictionary(t => t.Key, t => t.Value), version.StorageLocation, version.CreationTimestamp);

    private static string Kind(RegistryEventKind kind) => kind switch
    {
        RegistryEventKind.AliasSet => "alias_set",
        RegistryEventKind.AliasDeleted => "alias_deleted",
        _ => "stage_transition",
    };
}
