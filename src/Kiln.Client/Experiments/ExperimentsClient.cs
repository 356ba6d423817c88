using System.Globalization;
using System.Runtime.CompilerServices;
using Kiln.Client.Http;
using Kiln.Client.Json;

namespace Kiln.Client;

/// <summary>Experiments: create, find, search, delete, restore, rename, tag.</summary>
public sealed class ExperimentsClient
{
    private const string Api = "api/2.0/mlflow/experiments/";
    private static readonly KilnClientJsonContext Json = KilnClientJsonContext.Default;
    private readonly KilnHttp _http;

    internal ExperimentsClient(KilnHttp http) => _http = http;

    /// <summary>Creates an experiment and returns its id.</summary>
    public async Task<string> CreateAsync(string name, string? artifactLocation = null, IReadOnlyList<KeyValue>? tags = null, CancellationToken cancellationToken = default)
    {
        var response = await _http.SendAsync(HttpMethod.Post, Api + "create", new CreateExperimentRequest(name, artifactLocation, tags),
            Json.CreateExperimentRequest, Json.CreateExperimentResponse, cancellationToken);
        return response.ExperimentId;
    }

    public async Task<Experiment> GetAsync(string experimentId, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Api + "get", new QueryString().Add("experiment_id", experimentId), Json.ExperimentResponse, cancellationToken)).Experiment;

    public async Task<Experiment> GetByNameAsync(string name, CancellationToken cancellationToken = default) =>
        (await _http.GetAsync(Api + "get-by-name", new QueryString().Add("experiment_name", name), Json.ExperimentResponse, cancellationToken)).Experiment;

    /// <summary>An experiment by id when <paramref name="idOrName"/> is a number that names one, else by name.</summary>
    public async Task<Experiment> FindAsync(string idOrName, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrName);
        if (long.TryParse(idOrName, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            try
            {
                return await GetAsync(idOrName, cancellationToken);
            }
            catch (KilnApiException ex) when (ex.IsNotFound)
            {
                // A numeric name, perhaps.
            }
        }
        return await GetByNameAsync(idOrName, cancellationToken);
    }

    public async Task<Page<Experiment>> SearchAsync(ExperimentSearch? search = null, CancellationToken cancellationToken = default)
    {
        search ??= new ExperimentSearch();
        var request = new SearchExperimentsRequest(search.MaxResults, search.PageToken, search.Filter, search.OrderBy, ViewTypes.ToWire(search.ViewType));
        var response = await _http.SendAsync(HttpMethod.Post, Api + "search", request, Json.SearchExperimentsRequest, Json.SearchExperimentsResponse, cancellationToken);
        return new Page<Experiment>(response.Experiments ?? [], Paging.NextToken(response.NextPageToken));
    }

    /// <summary>Every experiment the search matches, fetching page after page.</summary>
    public async IAsyncEnumerable<Experiment> SearchAllAsync(ExperimentSearch? search = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        search ??= new ExperimentSearch();
        do
        {
            var page = await SearchAsync(search, cancellationToken);
            foreach (var experiment in page.Items)
            {
                yield return experiment;
            }
            search = search with { PageToken = page.NextPageToken };
        }
        while (search.PageToken is not null);
    }

    public Task DeleteAsync(string experimentId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "delete", new ExperimentIdRequest(experimentId), Json.ExperimentIdRequest, cancellationToken);

    public Task RestoreAsync(string experimentId, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "restore", new ExperimentIdRequest(experimentId), Json.ExperimentIdRequest, cancellationToken);

    public Task RenameAsync(string experimentId, string newName, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "update", new RenameExperimentRequest(experimentId, newName), Json.RenameExperimentRequest, cancellationToken);

    public Task SetTagAsync(string experimentId, string key, string value, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, Api + "set-experiment-tag", new ExperimentTagRequest(experimentId, key, value), Json.ExperimentTagRequest, cancellationToken);
}
