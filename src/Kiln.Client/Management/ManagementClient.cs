using System.Text.Json;
using Kiln.Client.Http;
using Kiln.Client.Json;

namespace Kiln.Client;

/// <summary>Kiln's own API (<c>/api/kiln/v1</c>): model audit history, lineage, parsed MLmodel metadata, garbage collection.</summary>
public sealed class ManagementClient
{
    private const string Models = "api/kiln/v1/models/";
    private static readonly KilnClientJsonContext Json = KilnClientJsonContext.Default;
    private readonly KilnHttp _http;

    internal ManagementClient(KilnHttp http) => _http = http;

    /// <summary>Every alias move and stage transition of a model, optionally only those of one alias.</summary>
    public Task<ModelHistory> GetHistoryAsync(string name, string? alias = null, CancellationToken cancellationToken = default) =>
        _http.GetAsync(Models + Segment(name) + "/history", new QueryString().Add("alias", alias), Json.ModelHistory, cancellationToken);

    public Task<ModelLineage> GetLineageAsync(string name, string version, CancellationToken cancellationToken = default) =>
        _http.GetAsync(Models + Segment(name) + "/versions/" + Segment(version) + "/lineage", null, Json.ModelLineage, cancellationToken);

    /// <summary>A version's MLmodel file as JSON (flavors, signature, input example, ...).</summary>
    public Task<JsonElement> GetVersionMetadataAsync(string name, string version, CancellationToken cancellationToken = default) =>
        _http.GetAsync(Models + Segment(name) + "/versions/" + Segment(version) + "/metadata", null, Json.JsonElement, cancellationToken);

    /// <summary>
    /// Permanently deletes runs and experiments that were deleted more than <paramref name="olderThanDays"/> days ago
    /// (all of them when 0 or null), artifacts included; <paramref name="runIds"/> limits it to those runs.
    /// </summary>
    public Task<GcResult> CollectGarbageAsync(double? olderThanDays = null, IReadOnlyList<string>? runIds = null, CancellationToken cancellationToken = default) =>
        _http.SendAsync(HttpMethod.Post, "api/kiln/v1/admin/gc", new GcRequest(olderThanDays, runIds is { Count: > 0 } ? runIds : null), Json.GcRequest, Json.GcResult, cancellationToken);

    private static string Segment(string value) => Uri.EscapeDataString(value);
}
