using Kiln.Core;

namespace Kiln.Tracking.Search;

/// <summary>
/// MLflow's <c>parse_search_filter</c> up to its comparisons: the filter must be one statement made only of
/// comparisons, <c>AND</c>s and whitespace (any number of <c>AND</c>s, anywhere, even none between two
/// comparisons, as sqlparse and MLflow allow).
/// </summary>
internal static class FilterStatementReader
{
    /// <param name="quoteInvalidClauses">Runs quote each rejected clause in the message; the other searches do not.</param>
    public static List<SqlNode> ReadComparisons(string filter, bool quoteInvalidClauses)
    {
        List<SqlNode> statements;
        try
        {
            statements = SqlParser.Parse(filter);
        }
        catch (SqlParseException)
        {
            throw KilnException.InvalidParameter($"Error on parsing filter '{filter}'");
        }
        if (statements.Count == 0)
        {
            throw KilnException.InvalidParameter($"Invalid filter '{filter}'. Could not be parsed.");
        }
        if (statements.Count > 1)
        {
            throw KilnException.InvalidParameter($"Search filter contained multiple expression '{filter}'. Provide AND-ed expression list.");
        }
        var tokens = JoinInComparisons(statements[0].Children!);
        var invalid = tokens.FindAll(token => token.Kind != SqlKind.Comparison && !token.IsKeywordNamed("AND"));
        if (invalid.Count > 0)
        {
            var clauses = string.Join(", ", invalid.Select(token => quoteInvalidClauses ? $"'{token.Text}'" : token.Text));
            throw KilnException.InvalidParameter($"Invalid clause(s) in filter string: {clauses}");
        }
        return tokens.FindAll(token => token.Kind == SqlKind.Comparison);
    }

    /// <summary>
    /// MLflow's <c>_join_in_comparison_tokens</c>: sqlparse does not group <c>x IN (...)</c> or
    /// <c>x NOT IN (...)</c>, so MLflow joins them itself, scanning the non-whitespace tokens from each
    /// identifier in steps of three or four (so an identifier that is not followed by IN swallows the
    /// next three tokens from the scan, exactly as in MLflow).
    /// </summary>
    private static List<SqlNode> JoinInComparisons(List<SqlNode> statement)
    {
        var tokens = statement.FindAll(token => !token.IsWhitespace);
        var joined = new List<SqlNode>(tokens.Count);
        var index = 0;
        while (index < tokens.Count)
        {
            var first = tokens[index];
            if (tokens.Count - index < 3)
            {
                joined.AddRange(tokens.Skip(index));
                break;
            }
            if (first.Kind != SqlKind.Identifier)
            {
                joined.Add(first);
                index++;
                continue;
            }
            var (second, third) = (tokens[index + 1], tokens[index + 2]);
            if (second.IsKeywordNamed("IN") && third.Kind == SqlKind.Parenthesis)
            {
                joined.Add(SqlNode.Group(SqlKind.Comparison, [first, second, third]));
                index += 3;
                continue;
            }
            if (index + 3 >= tokens.Count)
            {
                joined.AddRange([first, second, third]);
                break;
            }
            var fourth = tokens[index + 3];
            if (second.IsKeywordNamed("NOT") && third.IsKeywordNamed("IN") && fourth.Kind == SqlKind.Parenthesis)
            {
                joined.Add(SqlNode.Group(SqlKind.Comparison, [first, SqlNode.Synthetic(second, third, SqlKind.Keyword, "NOT IN"), fourth]));
                index += 4;
                continue;
            }
            joined.AddRange([first, second, third, fourth]);
            index += 4;
        }
        return joined;
    }
}
