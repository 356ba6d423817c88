namespace Kiln.Tracking.Search;

/// <summary>
/// Splits tokens into statements as sqlparse's <c>StatementSplitter</c> does: at a <c>;</c> outside
/// parentheses (or a <c>GO</c> keyword), with the whitespace right after it still belonging to the statement.
/// Statements of nothing but whitespace are dropped.
/// </summary>
internal static class SqlStatementSplitter
{
    public static List<List<SqlNode>> Split(List<SqlNode> tokens)
    {
        var statements = new List<List<SqlNode>>();
        var current = new List<SqlNode>();
        var level = 0;
        var ended = false;
        foreach (var token in tokens)
        {
            if (ended && (token.Kind is not (SqlKind.Whitespace or SqlKind.Comment) || IsMultilineComment(token)))
            {
                statements.Add(current);
                current = [];
                level = 0;
                ended = false;
            }
            level += token.IsPunctuation('(') ? 1 : token.IsPunctuation(')') ? -1 : token.IsKeywordNamed("END") ? -1 : 0;
            current.Add(token);
            if ((level <= 0 && token.IsPunctuation(';')) || IsGo(token))
            {
                ended = true;
            }
        }
        if (current.Exists(token => !token.IsWhitespace))
        {
            statements.Add(current);
        }
        return statements;
    }

    /// <summary>Only single-line comments stay with the statement they follow.</summary>
    private static bool IsMultilineComment(SqlNode token) => token.Kind == SqlKind.Comment && token.TextSpan.StartsWith("/*", StringComparison.Ordinal);

    private static bool IsGo(SqlNode token) => token.Kind == SqlKind.Keyword && token.TextSpan.SequenceEqual("GO");
}
