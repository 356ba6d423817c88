using System.Globalization;
using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Compact renderings of parsed clauses, and assertions on MLflow-style errors.</summary>
internal static class SearchAssert
{
    /// <summary>Clauses as <c>Entity key Comparator value</c>, joined by " AND ": numbers bare, text in quotes, lists in parentheses.</summary>
    public static string Render(IReadOnlyList<FilterClause> clauses) =>
        string.Join(" AND ", clauses.Select(clause => $"{clause.Entity} {clause.Key} {clause.Comparator} {Render(clause.Value)}"));

    public static string Render(IReadOnlyList<OrderByClause> clauses) =>
        string.Join(", ", clauses.Select(clause => $"{clause.Entity} {clause.Key} {(clause.Ascending ? "ASC" : "DESC")}"));

    private static string Render(FilterValue value) =>
        value.Number is { } number ? number.ToString("R", CultureInfo.InvariantCulture)
        : value.Text is { } text ? $"'{text}'"
        : value.List is { } list ? $"({string.Join(", ", list.Select(item => $"'{item}'"))})"
        : "none";

    public static void Invalid(Action action, string message)
    {
        var exception = Assert.Throws<KilnException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, exception.Code);
        Assert.Equal(message, exception.Message);
    }

    /// <summary>For messages that embed a Python set, whose order Python does not fix.</summary>
    public static void InvalidStartingWith(Action action, string prefix)
    {
        var exception = Assert.Throws<KilnException>(action);
        Assert.Equal(ErrorCode.InvalidParameterValue, exception.Code);
        Assert.StartsWith(prefix, exception.Message, StringComparison.Ordinal);
    }
}
