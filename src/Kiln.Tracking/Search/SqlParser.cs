namespace Kiln.Tracking.Search;

/// <summary>sqlparse's <c>parse</c>: lex, split into statements, group each statement.</summary>
internal static class SqlParser
{
    /// <exception cref="SqlParseException">The text nests too deeply to group.</exception>
    public static List<SqlNode> Parse(string text)
    {
        var statements = SqlStatementSplitter.Split(SqlLexer.Tokenize(text));
        var grouped = new List<SqlNode>(statements.Count);
        foreach (var statement in statements)
        {
            grouped.Add(SqlGrouper.Group(statement));
        }
        return grouped;
    }
}
