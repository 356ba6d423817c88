using System.Globalization;
using System.Runtime.CompilerServices;
using Kiln.Client.Http;
using Kiln.Client.Json;

namespace Kiln.Client;

/// <summary>The model registry: registered models, versions, aliases and stages.</summary>
public sealed class ModelRegistryClient
{
    private const string Models = "api/2.0/mlflow/registered-models/";
    private const string Versions = "api/2.0/mlflow/model-versions/";
    private static readonly KilnClientJsonContext Json = KilnClientJsonContext.Default;
    private readonly KilnHttp _http;

    internal ModelRegistryClient(KilnHttp http) => _http = http;

    public async Task<RegisteredModel> CreateAsync(string name, string? description = null, IReadOnlyList<KeyValue>? tags = null, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync(HttpMethod.Post, Models + "create", new CreateRegisteredModelRequest(name, description, tags),
            Json.CreateRegisteredModelRequest, Json.RegisteredModelResponse, cancellationToken)).RegisteredModel;

    public async Task<RegisteredModel> GetAsync(string name, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Models + "get", new QueryString().Add("name", name), Json.RegisteredModelResponse, cancellationToken)).RegisteredModel;

    public Task DeleteAsync(string name, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Models + "delete", new ModelNameRequest(name), Json.ModelNameRequest, cancellationToken);

    public async Task<Page<RegisteredModel>> SearchAsync(RegistrySearch? search = null, CancellationToken cancellationToken = default)
    {
        var response = await _http.GetAsync(Models + "search", Query(search), Json.SearchRegisteredModelsResponse, cancellationToken);
        return new Page<RegisteredModel>(response.RegisteredModels ?? [], Paging.NextToken(response.NextPageToken));
    }

    public async IAsyncEnumerable<RegisteredModel> SearchAllAsync(RegistrySearch? search = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        search ??= new RegistrySearch();
        do
        {
            var page = await SearchAsync(search, cancellationToken);
            foreach (var model in page.Items)
            {
                yield return model;
            }
            search = search with { PageToken = page.NextPageToken };
        }
        while (search.PageToken is not null);
    }

    /// <summary>Registers a version from an artifact location (<c>mlflow-artifacts:/…/model</c> or <c>runs:/&lt;run&gt;/model</c>).</summary>
    public async Task<ModelVersion> CreateVersionAsync(string name, string source, string? runId = null, string? description = null, IReadOnlyList<KeyValue>? tags = null, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync(HttpMethod.Post, Versions + "create", new CreateModelVersionRequest(name, source, runId, description, tags),
            Json.CreateModelVersionRequest, Json.ModelVersionResponse, cancellationToken)).ModelVersion;

    public async Task<ModelVersion> GetVersionAsync(string name, string version, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Versions + "get", new QueryString().Add("name", name).Add("version", version), Json.ModelVersionResponse, cancellationToken)).ModelVersion;

    public async Task<Page<ModelVersion>> SearchVersionsAsync(RegistrySearch? search = null, CancellationToken cancellationToken = default)
    {
        var response = await _http.GetAsync(Versions + "search", Query(search), Json.SearchModelVersionsResponse, cancellationToken);
        return new Page<ModelVersion>(response.ModelVersions ?? [], Paging.NextToken(response.NextPageToken));
    }

    /// <summary>Every version of one model, newest first.</summary>
    public async Task<IReadOnlyList<ModelVersion>> GetVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        var quote = name.Contains('\'', StringComparison.Ordinal) ? '"' : '\'';
        var search = new RegistrySearch { Filter = $"name = {quote}{name}{quote}" };
        var versions = new List<ModelVersion>();
        do
        {
            var page = await SearchVersionsAsync(search, cancellationToken);
            // The filter already selects the model; checking again costs nothing and keeps the answer exact.
            versions.AddRange(page.Items.Where(v => v.Name == name));
            search = search with { PageToken = page.NextPageToken };
        }
        while (search.PageToken is not null);
        return [.. versions.OrderByDescending(v => long.TryParse(v.Version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : 0)];
    }

    public Task SetAliasAsync(string name, string alias, string version, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Models + "alias", new SetAliasRequest(name, alias, version), Json.SetAliasRequest, cancellationToken);

    public Task DeleteAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Delete, Models + "alias", new DeleteAliasRequest(name, alias), Json.DeleteAliasRequest, cancellationToken);

    public async Task<ModelVersion> GetVersionByAliasAsync(string name, string alias, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Models + "alias", new QueryString().Add("name", name).Add("alias", alias), Json.ModelVersionResponse, cancellationToken)).ModelVersion;

    /// <summary>Moves a version to a stage (<c>None</c>, <c>Staging</c>, <c>Production</c>, <c>Archived</c>), optionally archiving the versions already there.</summary>
    public async Task<ModelVersion> TransitionStageAsync(string name, string version, string stage, bool archiveExistingVersions = false, CancellationToken cancellationToken = default) =>
        (await _http.SendAsync(HttpMethod.Post, Versions + "transition-stage", new TransitionStageRequest(name, version, stage, archiveExistingVersions),
            Json.TransitionStageRequest, Json.ModelVersionResponse, cancellationToken)).ModelVersion;

    private static QueryString Query(RegistrySearch? search) => new QueryString()
        .Add("filter", search?.Filter)
        .Add("max_results", search?.MaxResults)
        .AddEach("order_by", search?.OrderBy)
        .Add("page_token", search?.PageToken);
}
