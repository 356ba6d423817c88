using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>
/// Parses <c>experiments/search</c> filters and order_by clauses as MLflow 2.17 does
/// (<c>SearchExperimentsUtils</c> plus the SQL store's checks).
/// </summary>
public static class ExperimentSearchParser
{
    private static readonly string[] SearchableAttributes = ["name", "creation_time", "last_update_time"];

    private static readonly string[] OrderableAttributes = ["name", "experiment_id", "creation_time", "last_update_time"];

    private static readonly string[] NumericAttributes = ["creation_time", "last_update_time"];

    /// <summary>The AND-ed clauses of a filter; none for an empty or blank filter.</summary>
    /// <remarks>
    /// Comparators are case-insensitive here as for the other searches; MLflow itself only accepts
    /// upper-case <c>LIKE</c>/<c>ILIKE</c> for experiments. Its messages quote the comparator as written.
    /// </remarks>
    /// <exception cref="KilnException">The filter is invalid (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<FilterClause> ParseFilter(string? filter) =>
        FilterClauses.Parse(filter, quoteInvalidClauses: false, Read, ToClause);

    /// <summary>The order_by clauses, in order; attributes only.</summary>
    /// <exception cref="KilnException">A clause is invalid (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<OrderByClause> ParseOrderBy(IReadOnlyList<string>? orderBy)
    {
        if (orderBy is null || orderBy.Count == 0)
        {
            return [];
        }
        var clauses = new List<OrderByClause>(orderBy.Count);
        foreach (var clause in orderBy)
        {
            var (identifier, ascending) = OrderByReader.Read(clause ?? string.Empty);
            var (entity, key) = RegistryIdentifiers.ReadWithUnquotedKey(identifier.Trim(), OrderableAttributes);
            if (entity != FilterEntity.Attribute)
            {
                throw KilnException.InvalidParameter("Invalid order_by entity: tag");
            }
            clauses.Add(new OrderByClause(entity, key, ascending));
        }
        return clauses;
    }

    private static ParsedComparison Read(FilterComparison comparison)
    {
        var (entity, key) = RegistryIdentifiers.ReadWithUnquotedKey(comparison.Identifier, SearchableAttributes);
        return new ParsedComparison(entity, key, comparison.Comparator, ReadValue(entity, key, comparison.Value));
    }

    /// <summary>MLflow's <c>SearchUtils._get_value</c> with the experiment attributes.</summary>
    private static FilterValue ReadValue(FilterEntity entity, string key, SqlNode token)
    {
        if (entity == FilterEntity.Tag)
        {
            return FilterValues.IsText(token)
                ? FilterValues.Text(token)
                : throw KilnException.InvalidParameter($"Expected a quoted string value for tag (e.g. 'my-value'). Got value {token.Text}");
        }
        if (NumericAttributes.Contains(key))
        {
            return FilterValues.IsNumber(token)
                ? FilterValues.Number(token)
                : throw KilnException.InvalidParameter($"Expected numeric value type for numeric attribute: {key}. Found {token.Text}");
        }
        if (FilterValues.IsText(token))
        {
            return FilterValues.Text(token);
        }
        throw KilnException.InvalidParameter(FilterValues.IsList(token)
            ? "Only the 'run_id' attribute supports comparison with a list of quoted string values."
            : $"Expected a quoted string value for attributes. Got value {token.Text}");
    }

    /// <summary>The SQL store's comparator checks (<c>_get_search_experiments_filter_clauses</c>).</summary>
    private static FilterClause ToClause(ParsedComparison comparison)
    {
        var written = comparison.Comparator;
        var comparator = written.ToUpperInvariant();
        if (comparison.Entity == FilterEntity.Tag)
        {
            if (!ComparatorSet.Text.Contains(comparator))
            {
                throw KilnException.InvalidParameter($"Invalid comparator for tag: {written}");
            }
        }
        else if (NumericAttributes.Contains(comparison.Key))
        {
            if (!ComparatorSet.Numeric.Contains(comparator))
            {
                // sic: MLflow shows the string-attribute set and leaves the quote open.
                throw KilnException.InvalidParameter($"Invalid comparator '{written}' not one of '{ComparatorSet.TextOrList.Repr}");
            }
        }
        else if (!ComparatorSet.TextOrList.Contains(comparator))
        {
            throw KilnException.InvalidParameter($"Invalid comparator '{written}' not one of '{ComparatorSet.TextOrList.Repr}'");
        }
        else if (!ComparatorSet.Text.Contains(comparator))
        {
            throw KilnException.InvalidParameter($"Invalid comparator for string attribute: {written}");
        }
        return FilterClauses.Create(comparison.Entity, comparison.Key, comparator, comparison.Value);
    }
}
