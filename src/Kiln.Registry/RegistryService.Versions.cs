using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Tracking.Search;

namespace Kiln.Registry;

public sealed partial class RegistryService
{
    /// <summary>
    /// Creates a version and resolves its source at once: the answer is READY with the parsed MLmodel stored as
    /// version metadata, or FAILED_REGISTRATION saying why. Never left pending, so clients need not poll.
    /// </summary>
    public async Task<ModelVersion> CreateModelVersionAsync(string? name, string? source, string? runId, IReadOnlyList<KeyValue> tags, string? runLink, string? description, string? userId, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        RegistryValidation.Source(source);
        var clean = DistinctTags(tags);
        var created = await store.CreateModelVersionAsync(
            new NewModelVersion(name!, source!, string.IsNullOrEmpty(runId) ? null : runId, clean, runLink, description, userId), cancellationToken);
        var completed = await registration.CompleteAsync(created, cancellationToken);
        Changed(name!);
        return completed;
    }

    public async Task<ModelVersion> GetModelVersionAsync(string? name, string? version, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        var number = RegistryValidation.Version(version);
        return await store.GetModelVersionAsync(name!, number, cancellationToken) ?? throw KilnException.NotFound($"Model Version (name={name}, version={version}) not found");
    }

    public Task<ModelVersion> UpdateModelVersionAsync(string? name, string? version, string? description, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.UpdateModelVersionAsync(name!, RegistryValidation.Version(version), description, cancellationToken);
    }

    public async Task DeleteModelVersionAsync(string? name, string? version, Actor actor, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        await store.DeleteModelVersionAsync(name!, RegistryValidation.Version(version), actor, cancellationToken);
        Changed(name!);
    }

    public Task<Page<ModelVersion>> SearchModelVersionsAsync(string? filter, int? maxResults, IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken)
    {
        var max = RegistryValidation.MaxResults(maxResults, RegistryValidation.MaxSearchVersionsResults, RegistryValidation.MaxSearchVersionsResults);
        var query = new RegistrySearchQuery(ModelVersionSearchParser.ParseFilter(filter), max, ModelVersionSearchParser.ParseOrderBy(orderBy), PageToken.Decode(pageToken));
        return store.SearchModelVersionsAsync(query, cancellationToken);
    }

    public Task SetModelVersionTagAsync(string? name, string? version, KeyValue tag, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.SetModelVersionTagAsync(name!, RegistryValidation.Version(version), RegistryValidation.Tag(tag), cancellationToken);
    }

    public Task DeleteModelVersionTagAsync(string? name, string? version, string key, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.DeleteModelVersionTagAsync(name!, RegistryValidation.Version(version), key, cancellationToken);
    }

    public async Task<ModelVersion> TransitionStageAsync(string? name, string? version, string? stage, bool archiveExistingVersions, Actor actor, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        var number = RegistryValidation.Version(version);
        var canonical = RegistryValidation.Stage(stage);
        if (archiveExistingVersions && canonical is not ("Staging" or "Production"))
        {
            throw KilnException.InvalidParameter(
                $"Model version transition cannot archive existing model versions because '{canonical}' is not an Active stage. Valid stages are ['Staging', 'Production']");
        }
        var result = await store.TransitionStageAsync(name!, number, canonical, archiveExistingVersions, actor, cancellationToken);
        Changed(name!);
        return result;
    }

    public Task<IReadOnlyList<ModelVersion>> GetLatestVersionsAsync(string? name, IReadOnlyList<string>? stages, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        IReadOnlyList<string> canonical = stages is { Count: > 0 } ? stages.Select(RegistryValidation.Stage).ToList() : RegistryValidation.Stages;
        return store.GetLatestVersionsAsync(name!, canonical, cancellationToken);
    }

    public async Task<string> GetDownloadUriAsync(string? name, string? version, CancellationToken cancellationToken)
    {
        var modelVersion = await GetModelVersionAsync(name, version, cancellationToken);
        return modelVersion.StorageLocation ?? modelVersion.Source;
    }
}
