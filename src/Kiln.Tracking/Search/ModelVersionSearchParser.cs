using System.Globalization;
using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>
/// Parses <c>model-versions/search</c> filters and order_by clauses as MLflow 2.17 does
/// (<c>SearchModelVersionUtils</c> plus the SQL registry store's checks).
/// </summary>
public static class ModelVersionSearchParser
{
    private static readonly string[] SearchableAttributes = ["name", "version_number", "run_id", "source_path"];

    private static readonly string[] OrderableAttributes = ["name", "version_number", "creation_timestamp", "last_updated_timestamp"];

    private static readonly string[] NumericAttributes = ["version_number", "creation_timestamp", "last_updated_timestamp"];

    /// <summary><c>!= = LIKE ILIKE IN</c>, with IN for <c>run_id</c> only.</summary>
    private static readonly ComparatorSet StringAttributeComparators = new("!=", "=", "LIKE", "ILIKE", "IN");

    /// <summary>The AND-ed clauses of a filter; none for an empty or blank filter.</summary>
    /// <exception cref="KilnException">The filter is invalid (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<FilterClause> ParseFilter(string? filter) =>
        FilterClauses.Parse(filter, quoteInvalidClauses: false, Read, ToClause);

    /// <summary>The order_by clauses, in order.</summary>
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
            var (identifier, ascending) = OrderByReader.Read(clause ?? string.Empty);
            // MLflow ignores the entity here: "tags.name" orders by the model name.
            var (_, key) = RegistryIdentifiers.ReadWithUnquotedKey(identifier.Trim(), OrderableAttributes);
            if (!OrderableAttributes.Contains(key))
            {
                throw KilnException.InvalidParameter(
                    $"Invalid order by key '{key}' specified. Valid keys are {PythonRepr.Set(OrderableAttributes)}");
            }
            if (clauses.Exists(existing => existing.Key == key))
            {
                throw KilnException.InvalidParameter($"`order_by` contains duplicate fields: {PythonRepr.List(orderBy)}");
            }
            clauses.Add(new OrderByClause(FilterEntity.Attribute, key, ascending));
        }
        return clauses;
    }

    private static ParsedComparison Read(FilterComparison comparison)
    {
        var (entity, key) = RegistryIdentifiers.ReadWithKeyAsWritten(comparison.Identifier, SearchableAttributes);
        return new ParsedComparison(entity, key, comparison.Comparator.ToUpperInvariant(), ReadValue(entity, key, comparison.Value));
    }

    /// <summary>MLflow's <c>SearchModelVersionUtils._get_value</c>.</summary>
    private static FilterValue ReadValue(FilterEntity entity, string key, SqlNode token)
    {
        if (FilterValues.IsText(token))
        {
            return FilterValues.Text(token);
        }
        if (entity == FilterEntity.Tag)
        {
            throw KilnException.InvalidParameter($"Expected a quoted string value for tag (e.g. 'my-value'). Got value {token.Text}");
        }
        if (FilterValues.IsList(token))
        {
            return key == "run_id"
                ? FilterValues.List(token)
                : throw KilnException.InvalidParameter("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
        }
        if (FilterValues.IsNumber(token))
        {
            return NumericAttributes.Contains(key)
                ? FilterValues.Number(token)
                : throw KilnException.InvalidParameter(
                    $"Only the '{PythonRepr.Set(NumericAttributes)}' attributes support comparison with numeric values.");
        }
        throw KilnException.InvalidParameter(
            $"Expected a quoted string value or a list of quoted string values for attributes. Got value {token.Text}");
    }

    /// <summary>The SQL registry store's comparator checks (<c>_get_search_model_versions_filter_clauses</c>).</summary>
    private static FilterClause ToClause(ParsedComparison comparison)
    {
        var (entity, key, comparator, value) = comparison;
        if (entity == FilterEntity.Tag)
        {
            if (!ComparatorSet.Text.Contains(comparator))
            {
                throw KilnException.InvalidParameter($"Invalid comparator for tag: {comparator}");
            }
        }
        else if (NumericAttributes.Contains(key))
        {
            if (!ComparatorSet.Numeric.Contains(comparator))
            {
                throw KilnException.InvalidParameter($"Invalid comparator for attribute {key}: {comparator}");
            }
            value = NumericValue(key, value);
        }
        else if (!StringAttributeComparators.Contains(comparator) || (comparator == "IN" && key != "run_id"))
        {
            throw KilnException.InvalidParameter($"Invalid comparator for attribute: {comparator}");
        }
        return FilterClauses.Create(entity, key, comparator, value);
    }

    /// <summary>
    /// MLflow passes a quoted version (<c>version_number = '3'</c>) to the database, which converts it;
    /// Kiln converts it here, and rejects text that is no number instead of failing in the database.
    /// </summary>
    private static FilterValue NumericValue(string key, FilterValue value)
    {
        if (value.Text is not { } text)
        {
            return value;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            ? FilterValue.Of(number)
            : throw KilnException.InvalidParameter($"Expected numeric value type for numeric attribute: {key}. Found '{text}'");
    }
}
