namespace Kiln.Storage.Queries;

/// <summary>What a filter or order-by term refers to: a metric, param, tag, attribute or dataset field.</summary>
public enum FilterEntity
{
    Metric,
    Param,
    Tag,
    Attribute,
    Dataset,
}

public enum Comparator
{
    Equal,
    NotEqual,
    Greater,
    GreaterOrEqual,
    Less,
    LessOrEqual,
    Like,
    ILike,
    In,
    NotIn,
    IsNull,
    IsNotNull,
}

/// <summary>A literal in a filter: a number, a string, or a list of strings (for IN).</summary>
public readonly record struct FilterValue(double? Number, string? Text, IReadOnlyList<string>? List)
{
    public static FilterValue Of(double number) => new(number, null, null);

    public static FilterValue Of(string text) => new(null, text, null);

    public static FilterValue Of(IReadOnlyList<string> list) => new(null, null, list);

    public static readonly FilterValue None = new(null, null, null);
}

/// <summary>
/// One AND-ed clause of a search filter. <see cref="Key"/> is the metric/param/tag name, or for
/// attributes and datasets the canonical field name (for example <c>start_time</c>, <c>run_name</c>, <c>digest</c>).
/// </summary>
public sealed record FilterClause(FilterEntity Entity, string Key, Comparator Comparator, FilterValue Value);

public sealed record OrderByClause(FilterEntity Entity, string Key, bool Ascending);
