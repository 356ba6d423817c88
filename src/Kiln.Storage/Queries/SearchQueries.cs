using Kiln.Storage.Entities;

namespace Kiln.Storage.Queries;

public sealed record RunSearchQuery(
    IReadOnlyList<long> ExperimentIds,
    IReadOnlyList<FilterClause> Filter,
    ViewType ViewType,
    int MaxResults,
    IReadOnlyList<OrderByClause> OrderBy,
    long Offset);

public sealed record ExperimentSearchQuery(
    IReadOnlyList<FilterClause> Filter,
    ViewType ViewType,
    int MaxResults,
    IReadOnlyList<OrderByClause> OrderBy,
    long Offset);

public sealed record MetricHistoryQuery(string RunId, string MetricKey, int MaxResults, long Offset);

public sealed record RegistrySearchQuery(
    IReadOnlyList<FilterClause> Filter,
    int MaxResults,
    IReadOnlyList<OrderByClause> OrderBy,
    long Offset);
