namespace Kiln.Tracking.Search;

/// <summary>
/// The words sqlparse classifies as keywords or builtin type names. sqlparse knows several hundred; only
/// the ones that change how a search filter groups (or that users plausibly type) are listed. Any other
/// word is a name, which at worst changes which of MLflow's error messages an invalid filter gets.
/// </summary>
internal static class SqlKeywords
{
    private static readonly HashSet<string> Keywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "ALL", "AND", "ANY", "AS", "BETWEEN", "BY", "CASE", "DEFAULT", "DELETE", "DISTINCT", "ELSE", "END",
        "ESCAPE", "EXISTS", "FALSE", "FROM", "GO", "GROUP", "HAVING", "IF", "IN", "INSERT", "INTO", "IS",
        "ISNULL", "JOIN", "KEY", "LIMIT", "NONE", "NOT", "NOTNULL", "NULL", "OFFSET", "ON", "OR", "ORDER",
        "SELECT", "SET", "SOME", "TABLE", "THEN", "TRUE", "UNION", "UPDATE", "USING", "VALUES", "WHEN",
        "WHERE", "WITH",
    };

    private static readonly HashSet<string> Builtins = new(StringComparer.OrdinalIgnoreCase)
    {
        "ARRAY", "BIGINT", "BINARY", "BIT", "BLOB", "BOOLEAN", "CHAR", "DATE", "DEC", "DECIMAL", "FLOAT",
        "INT", "INT8", "INTEGER", "INTERVAL", "LONG", "NUMBER", "NUMERIC", "REAL", "ROWID", "ROWLABEL",
        "ROWNUM", "SERIAL", "SERIAL8", "SIGNED", "SMALLINT", "TEXT", "TIMESTAMP", "TINYINT", "UNSIGNED",
        "VARCHAR", "VARCHAR2", "VARYING",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> KeywordLookup =
        Keywords.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> BuiltinLookup =
        Builtins.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>What sqlparse makes of a bare word: a keyword, an ASC/DESC keyword, a builtin type or a name.</summary>
    public static SqlKind Classify(ReadOnlySpan<char> word)
    {
        if (word.Equals("ASC", StringComparison.OrdinalIgnoreCase) || word.Equals("DESC", StringComparison.OrdinalIgnoreCase))
        {
            return SqlKind.OrderKeyword;
        }
        if (KeywordLookup.Contains(word))
        {
            return SqlKind.Keyword;
        }
        return BuiltinLookup.Contains(word) ? SqlKind.Builtin : SqlKind.Name;
    }
}
