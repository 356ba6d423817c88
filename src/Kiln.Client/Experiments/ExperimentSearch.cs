namespace Kiln.Client;

/// <summary>An experiment search: MLflow filter syntax (<c>name LIKE 'prod-%'</c>) and order-by clauses (<c>name ASC</c>).</summary>
public sealed record ExperimentSearch
{
    public string? Filter { get; init; }

    public IReadOnlyList<string>? OrderBy { get; init; }

    public ViewType ViewType { get; init; } = ViewType.ActiveOnly;

    public int? MaxResults { get; init; }

    public string? PageToken { get; init; }
}
