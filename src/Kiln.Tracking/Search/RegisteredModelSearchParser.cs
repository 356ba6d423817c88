using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>
/// Parses <c>registered-models/search</c> filters and order_by clauses as MLflow 2.17 does
/// (<c>SearchModelUtils</c> plus the SQL registry store's checks).
/// </summary>
public static class RegisteredModelSearchParser
{
    private static readonly string[] SearchableAttributes = ["name"];

    private static readonly string[] OrderKeys = ["timestamp", "last_updated_timestamp", "name"];

    /// <summary>The keys MLflow's message recommends (it accepts <c>last_updated_timestamp</c> too).</summary>
    private static readonly string[] RecommendedOrderKeys = ["name", "timestamp"];

    /// <summary>The AND-ed clauses of a filter; none for an empty or blank filter.</summary>
    /// <exception cref="KilnException">The filter is invalid (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<FilterClause> ParseFilter(string? filter) =>
        FilterClauses.Parse(filter, quoteInvalidClauses: false, Read, ToClause);

    /// <summary>
    /// The order_by clauses, in order, keyed <c>name</c> or <c>last_updated_timestamp</c> (which
    /// <c>timestamp</c> also means).
    /// </summary>
    /// <exception cref="KilnException">A clause is invalid or repeats a field (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<OrderByClause> ParseOrderBy(IReadOnlyList<string>? orderBy)
    {
        if (orderBy is null || orderBy.Count == 0)
        {
            return [];
        }
        var clauses = new List<OrderByClause>(orderBy.Count);
        foreach (var clause in orderBy)
        {
            var (written, ascending) = OrderByReader.Read(clause ?? string.Empty);
            var key = written.Trim();
            if (!OrderKeys.Contains(key))
            {
                throw KilnException.InvalidParameter(
                    $"Invalid order by key '{key}' specified. Valid keys are '{PythonRepr.Set(RecommendedOrderKeys)}'");
            }
            var field = key == "name" ? "name" : "last_updated_timestamp";
            if (clauses.Exists(existing => existing.Key == field))
            {
                throw KilnException.InvalidParameter($"`order_by` contains duplicate fields: {PythonRepr.List(orderBy)}");
            }
            clauses.Add(new OrderByClause(FilterEntity.Attribute, field, ascending));
        }
        return clauses;
    }

    private static ParsedComparison Read(FilterComparison comparison)
    {
        var (entity, key) = RegistryIdentifiers.ReadWithKeyAsWritten(comparison.Identifier, SearchableAttributes);
        return new ParsedComparison(entity, key, comparison.Comparator.ToUpperInvariant(), ReadValue(entity, comparison.Value));
    }

    /// <summary>MLflow's <c>SearchModelUtils._get_value</c> (the only attribute is <c>name</c>).</summary>
    private static FilterValue ReadValue(FilterEntity entity, SqlNode token)
    {
        if (FilterValues.IsText(token))
        {
            return FilterValues.Text(token);
        }
        if (entity == FilterEntity.Tag)
        {
            throw KilnException.InvalidParameter($"Expected a quoted string value for tag (e.g. 'my-value'). Got value {token.Text}");
        }
        throw KilnException.InvalidParameter(FilterValues.IsList(token)
            ? "Only the 'run_id' attribute supports comparison with a list of quoted string values."
            : $"Expected a quoted string value or a list of quoted string values for attributes. Got value {token.Text}");
    }

    /// <summary>The SQL registry store's comparator checks (<c>_get_search_registered_model_filter_query</c>).</summary>
    private static FilterClause ToClause(ParsedComparison comparison)
    {
        if (!ComparatorSet.Text.Contains(comparison.Comparator))
        {
            var subject = comparison.Entity == FilterEntity.Tag ? "tag" : "attribute";
            throw KilnException.InvalidParameter($"Invalid comparator for {subject}: {comparison.Comparator}");
        }
        return FilterClauses.Create(comparison.Entity, comparison.Key, comparison.Comparator, comparison.Value);
    }
}
