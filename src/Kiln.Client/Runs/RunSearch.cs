namespace Kiln.Client;

/// <summary>A run search over experiments: MLflow filter syntax (<c>metrics.rmse &lt; 1 and params.model = 'rf'</c>) and order-by clauses.</summary>
public sealed record RunSearch
{
    public required IReadOnlyList<string> ExperimentIds { get; init; }

    public string? Filter { get; init; }

    /// <summary>Clauses such as <c>metrics.rmse ASC</c> or <c>attributes.start_time DESC</c>.</summary>
    public IReadOnlyList<string>? OrderBy { get; init; }

    public ViewType ViewType { get; init; } = ViewType.ActiveOnly;

    public int? MaxResults { get; init; }

    public string? PageToken { get; init; }
}
