namespace Kiln.Tracking.Search;

/// <summary>How MLflow takes <c>type.key</c> identifiers apart and unquotes their parts.</summary>
internal static class SearchIdentifiers
{
    /// <summary>Splits on the first dot; without a dot there is no entity type (an attribute).</summary>
    public static (string? EntityType, string Key) Split(string identifier)
    {
        var dot = identifier.IndexOf('.', StringComparison.Ordinal);
        return dot < 0 ? (null, identifier) : (identifier[..dot], identifier[(dot + 1)..]);
    }

    /// <summary>Removes one pair of single or double quotes, then one pair of backticks.</summary>
    public static string UnquoteKey(string key) => TrimBackticks(StripQuotes(key));

    public static string TrimBackticks(string value) => IsQuoted(value, '`') ? value[1..^1] : value;

    public static string StripQuotes(string value) => IsQuoted(value, '\'') || IsQuoted(value, '"') ? value[1..^1] : value;

    public static bool IsQuoted(string value, char quote) => value.Length >= 2 && value[0] == quote && value[^1] == quote;
}
