using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>Builds the clause the store gets once a comparator has passed an entity's checks.</summary>
internal static class FilterClauses
{
    /// <summary>
    /// Every search's filter: blank means none; each comparison's key and value are read before any comparator is
    /// checked (so, as in MLflow, a bad value is reported before a bad comparator).
    /// </summary>
    public static IReadOnlyList<FilterClause> Parse(string? filter, bool quoteInvalidClauses, Func<FilterComparison, ParsedComparison> read, Func<ParsedComparison, FilterClause> toClause)
    {
        if (string.IsNullOrWhiteSpace(filter))
        {
            return [];
        }
        var comparisons = FilterStatementReader.ReadComparisons(filter, quoteInvalidClauses);
        var parsed = comparisons.ConvertAll(node => read(FilterComparison.From(node)));
        return parsed.ConvertAll(comparison => toClause(comparison));
    }

    /// <param name="comparator">An upper-cased comparator the entity has already accepted.</param>
    public static FilterClause Create(FilterEntity entity, string key, string comparator, FilterValue value)
    {
        var parsed = comparator switch
        {
            "=" => Comparator.Equal,
            "!=" => Comparator.NotEqual,
            ">" => Comparator.Greater,
            ">=" => Comparator.GreaterOrEqual,
            "<" => Comparator.Less,
            "<=" => Comparator.LessOrEqual,
            "LIKE" => Comparator.Like,
            "ILIKE" => Comparator.ILike,
            "IN" => Comparator.In,
            "NOT IN" => Comparator.NotIn,
            _ => throw new ArgumentOutOfRangeException(nameof(comparator), comparator, "Not a search comparator."),
        };
        // MLflow hands "run_id = ('a', 'b')" to SQLAlchemy, which fails with a 500; Kiln says why instead.
        var takesList = parsed is Comparator.In or Comparator.NotIn;
        if (takesList != (value.List is not null))
        {
            throw KilnException.InvalidParameter(takesList
                ? $"Invalid comparator '{comparator}': it needs a parenthesised list of quoted string values."
                : $"Invalid comparator '{comparator}' for a list of values. Only 'IN' and 'NOT IN' compare with a list.");
        }
        return new FilterClause(entity, key, parsed, value);
    }
}
