using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>
/// Parses <c>runs/search</c> filters and order_by clauses as MLflow 2.17 does (<c>SearchUtils</c> plus the
/// SQL store's comparator checks), into the clauses Kiln's store runs.
/// </summary>
public static class RunSearchParser
{
    private static readonly string[] EntityTypes = ["metric", "parameter", "tag", "attribute", "dataset"];

    private static readonly Dictionary<string, FilterEntity> EntityTypeAliases = new(StringComparer.Ordinal)
    {
        ["metric"] = FilterEntity.Metric,
        ["metrics"] = FilterEntity.Metric,
        ["parameter"] = FilterEntity.Param,
        ["parameters"] = FilterEntity.Param,
        ["param"] = FilterEntity.Param,
        ["params"] = FilterEntity.Param,
        ["tag"] = FilterEntity.Tag,
        ["tags"] = FilterEntity.Tag,
        ["attribute"] = FilterEntity.Attribute,
        ["attr"] = FilterEntity.Attribute,
        ["attributes"] = FilterEntity.Attribute,
        ["run"] = FilterEntity.Attribute,
        ["dataset"] = FilterEntity.Dataset,
        ["datasets"] = FilterEntity.Dataset,
    };

    private static readonly string[] OrderableAttributes =
        ["artifact_uri", "end_time", "run_id", "run_name", "start_time", "status", "user_id", "created", "Created"];

    private static readonly string[] SearchableAttributes = [.. OrderableAttributes, "run name", "Run name", "Run Name"];

    /// <summary>Numeric attribute keys as written (before aliases are resolved).</summary>
    private static readonly string[] NumericAttributes = ["start_time", "end_time", "created", "Created"];

    private static readonly string[] DatasetKeys = ["name", "digest", "context"];

    /// <summary>The AND-ed clauses of a filter; none for an empty or blank filter.</summary>
    /// <remarks>
    /// Where Kiln differs from MLflow: a blank filter is no filter (MLflow rejects it); aliases such as
    /// <c>created</c> are resolved for attributes only (MLflow also renames a metric called <c>created</c>);
    /// and a list compared with anything but IN/NOT IN is rejected here instead of failing in the database.
    /// </remarks>
    /// <exception cref="KilnException">The filter is invalid (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<FilterClause> ParseFilter(string? filter) =>
        FilterClauses.Parse(filter, quoteInvalidClauses: true, Read, ToClause);

    /// <summary>The order_by clauses, in order; an empty list for none.</summary>
    /// <exception cref="KilnException">A clause is invalid or repeats a field (<see cref="ErrorCode.InvalidParameterValue"/>).</exception>
    public static IReadOnlyList<OrderByClause> ParseOrderBy(IReadOnlyList<string>? orderBy)
    {
        if (orderBy is null || orderBy.Count == 0)
        {
            return [];
        }
        var clauses = new List<OrderByClause>(orderBy.Count);
        var seen = new HashSet<(FilterEntity, string)>();
        foreach (var clause in orderBy)
        {
            var (identifier, ascending) = OrderByReader.Read(clause ?? string.Empty);
            var (entity, key) = ReadIdentifier(identifier.Trim(), OrderableAttributes);
            if (entity == FilterEntity.Dataset)
            {
                throw KilnException.InvalidParameter("Invalid identifier type 'dataset'");
            }
            if (entity == FilterEntity.Attribute)
            {
                key = CanonicalAttribute(key);
            }
            if (!seen.Add((entity, key)))
            {
                throw KilnException.InvalidParameter($"`order_by` contains duplicate fields: {PythonRepr.List(orderBy)}");
            }
            clauses.Add(new OrderByClause(entity, key, ascending));
        }
        return clauses;
    }

    private static ParsedComparison Read(FilterComparison comparison)
    {
        var (entity, key) = ReadIdentifier(comparison.Identifier, SearchableAttributes);
        return new ParsedComparison(entity, key, comparison.Comparator, ReadValue(entity, key, comparison.Value));
    }

    /// <summary>MLflow's <c>SearchUtils._get_identifier</c>.</summary>
    private static (FilterEntity Entity, string Key) ReadIdentifier(string identifier, string[] validAttributes)
    {
        var (entityType, rawKey) = SearchIdentifiers.Split(identifier);
        var entity = FilterEntity.Attribute;
        if (entityType is not null)
        {
            entityType = SearchIdentifiers.TrimBackticks(entityType);
            if (!EntityTypeAliases.TryGetValue(entityType, out entity))
            {
                throw KilnException.InvalidParameter($"Invalid entity type '{entityType}'. Valid values are {PythonRepr.List(EntityTypes)}");
            }
        }
        var key = SearchIdentifiers.UnquoteKey(rawKey);
        if (entity == FilterEntity.Attribute && !validAttributes.Contains(key))
        {
            throw KilnException.InvalidParameter($"Invalid attribute key '{key}' specified. Valid keys are '{PythonRepr.Set(validAttributes)}'");
        }
        if (entity == FilterEntity.Dataset && !DatasetKeys.Contains(key))
        {
            throw KilnException.InvalidParameter($"Invalid dataset key '{key}' specified. Valid keys are '{PythonRepr.Set(DatasetKeys)}'");
        }
        return (entity, key);
    }

    /// <summary>MLflow's <c>SearchUtils._get_value</c>.</summary>
    private static FilterValue ReadValue(FilterEntity entity, string key, SqlNode token)
    {
        switch (entity)
        {
            case FilterEntity.Metric:
                return FilterValues.IsNumber(token)
                    ? FilterValues.Number(token)
                    : throw KilnException.InvalidParameter($"Expected numeric value type for metric. Found {token.Text}");
            case FilterEntity.Param or FilterEntity.Tag:
                var type = entity == FilterEntity.Param ? "parameter" : "tag";
                return FilterValues.IsText(token)
                    ? FilterValues.Text(token)
                    : throw KilnException.InvalidParameter($"Expected a quoted string value for {type} (e.g. 'my-value'). Got value {token.Text}");
            case FilterEntity.Attribute when NumericAttributes.Contains(key):
                return FilterValues.IsNumber(token)
                    ? FilterValues.Number(token)
                    : throw KilnException.InvalidParameter($"Expected numeric value type for numeric attribute: {key}. Found {token.Text}");
            case FilterEntity.Attribute:
                if (FilterValues.IsText(token))
                {
                    return FilterValues.Text(token);
                }
                if (FilterValues.IsList(token))
                {
                    return key == "run_id"
                        ? FilterValues.List(token)
                        : throw KilnException.InvalidParameter("Only the 'run_id' attribute supports comparison with a list of quoted string values.");
                }
                throw KilnException.InvalidParameter($"Expected a quoted string value for attributes. Got value {token.Text}");
            default:
                return FilterValues.IsText(token) ? FilterValues.Text(token)
                    : FilterValues.IsList(token) ? FilterValues.List(token)
                    : throw KilnException.InvalidParameter($"Expected a quoted string value for dataset attributes. Got value {token.Text}");
        }
    }

    /// <summary>The SQL store's comparator checks (after upper-casing), then the clause.</summary>
    private static FilterClause ToClause(ParsedComparison comparison)
    {
        var comparator = comparison.Comparator.ToUpperInvariant();
        var key = comparison.Entity == FilterEntity.Attribute ? CanonicalAttribute(comparison.Key) : comparison.Key;
        // MLflow's messages differ in which of them close the quote around the set; kept as they are.
        var (valid, closingQuote) = comparison.Entity switch
        {
            FilterEntity.Attribute when key is "start_time" or "end_time" => (ComparatorSet.Numeric, false),
            FilterEntity.Attribute => (ComparatorSet.TextOrList, true),
            FilterEntity.Metric => (ComparatorSet.Numeric, false),
            FilterEntity.Param => (ComparatorSet.Text, true),
            FilterEntity.Tag => (ComparatorSet.Text, false),
            _ => (ComparatorSet.TextOrList, false),
        };
        if (!valid.Contains(comparator))
        {
            // For numeric attributes MLflow prints the string-attribute set.
            var shown = comparison.Entity == FilterEntity.Attribute ? ComparatorSet.TextOrList : valid;
            throw KilnException.InvalidParameter($"Invalid comparator '{comparator}' not one of '{shown.Repr}{(closingQuote ? "'" : "")}");
        }
        return FilterClauses.Create(comparison.Entity, key, comparator, comparison.Value);
    }

    /// <summary><c>created</c>/<c>Created</c> mean <c>start_time</c>; the spaced run-name spellings mean <c>run_name</c>.</summary>
    private static string CanonicalAttribute(string key) => key switch
    {
        "created" or "Created" => "start_time",
        "run name" or "Run name" or "Run Name" => "run_name",
        _ => key,
    };
}
