using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Artifacts;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Tracking;
using Kiln.Tracking.Search;

namespace Kiln.Registry;

/// <summary>
/// The model registry with MLflow's rules, plus what MLflow lacks: source resolution and MLmodel parsing at
/// registration, alias and stage audit history, and lineage.
/// </summary>
public sealed partial class RegistryService(IRegistryStore store, ModelRegistration registration, TrackingService tracking, IArtifactStore artifacts)
{
    /// <summary>Raised after any change that can move what an alias or stage points at, for serving to follow.</summary>
    public event Action<string>? ModelChanged;

    public IRegistryStore Store => store;

    public Task<RegisteredModel> CreateRegisteredModelAsync(string? name, IReadOnlyList<KeyValue> tags, string? description, string? userId, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        var clean = DistinctTags(tags);
        return store.CreateRegisteredModelAsync(name!, clean, description, userId, cancellationToken);
    }

    public async Task<RegisteredModel> GetRegisteredModelAsync(string? name, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return await store.GetRegisteredModelAsync(name!, cancellationToken) ?? throw KilnException.NotFound($"Registered Model with name={name} not found");
    }

    public async Task<RegisteredModel> RenameRegisteredModelAsync(string? name, string? newName, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        if (string.IsNullOrEmpty(newName))
        {
            throw KilnException.InvalidParameter("Missing value for required parameter 'new_name'. See the API docs for more information about request parameters.");
        }
        var renamed = await store.RenameRegisteredModelAsync(name!, newName, cancellationToken);
        Changed(name!);
        Changed(newName);
        return renamed;
    }

    public Task<RegisteredModel> UpdateRegisteredModelAsync(string? name, string? description, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.UpdateRegisteredModelAsync(name!, description, cancellationToken);
    }

    public async Task DeleteRegisteredModelAsync(string? name, Actor actor, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        await store.DeleteRegisteredModelAsync(name!, actor, cancellationToken);
        Changed(name!);
    }

    public Task<Page<RegisteredModel>> SearchRegisteredModelsAsync(string? filter, int? maxResults, IReadOnlyList<string>? orderBy, string? pageToken, CancellationToken cancellationToken)
    {
        var max = RegistryValidation.MaxResults(maxResults, 100, RegistryValidation.MaxSearchModelsResults);
        var query = new RegistrySearchQuery(RegisteredModelSearchParser.ParseFilter(filter), max, RegisteredModelSearchParser.ParseOrderBy(orderBy), PageToken.Decode(pageToken));
        return store.SearchRegisteredModelsAsync(query, cancellationToken);
    }

    public Task SetRegisteredModelTagAsync(string? name, KeyValue tag, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.SetRegisteredModelTagAsync(name!, RegistryValidation.Tag(tag), cancellationToken);
    }

    public Task DeleteRegisteredModelTagAsync(string? name, string key, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.DeleteRegisteredModelTagAsync(name!, key, cancellationToken);
    }

    public async Task SetAliasAsync(string? name, string? alias, string? version, Actor actor, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        RegistryValidation.Alias(alias);
        await store.SetAliasAsync(name!, alias!, RegistryValidation.Version(version), actor, cancellationToken);
        Changed(name!);
    }

    public async Task DeleteAliasAsync(string? name, string? alias, Actor actor, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        RegistryValidation.Alias(alias);
        await store.DeleteAliasAsync(name!, alias!, actor, cancellationToken);
        Changed(name!);
    }

    public Task<ModelVersion> GetModelVersionByAliasAsync(string? name, string? alias, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        RegistryValidation.Alias(alias);
        return store.GetModelVersionByAliasAsync(name!, alias!, cancellationToken);
    }

    public Task<IReadOnlyList<RegistryEvent>> GetHistoryAsync(string? name, string? alias, CancellationToken cancellationToken)
    {
        RegistryValidation.ModelName(name);
        return store.GetHistoryAsync(name!, string.IsNullOrEmpty(alias) ? null : alias, cancellationToken);
    }

    private void Changed(string name) => ModelChanged?.Invoke(name);

    private static List<KeyValue> DistinctTags(IReadOnlyList<KeyValue> tags)
    {
        var byKey = new Dictionary<string, KeyValue>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            byKey[tag.Key] = RegistryValidation.Tag(tag);
        }
        return [.. byKey.Values];
    }
}
