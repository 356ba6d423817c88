namespace Kiln.Client;

/// <summary>A registered-model or model-version search: MLflow filter syntax (<c>name = 'churn'</c>) and order-by clauses.</summary>
public sealed record RegistrySearch
{
    public string? Filter { get; init; }

    public IReadOnlyList<string>? OrderBy { get; init; }

    public int? MaxResults { get; init; }

    public string? PageToken { get; init; }
}
