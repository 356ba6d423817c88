namespace Kiln.Tracking.Search;

/// <summary>
/// Groups a statement's tokens into sqlparse's tree: parentheses, functions, dotted identifiers,
/// operations, comparisons, aliases and comma lists, with sqlparse's passes in sqlparse's order (the ones
/// a search filter can reach). Each pass rebuilds a token list in one sweep rather than splicing in place.
/// </summary>
internal static partial class SqlGrouper
{
    /// <summary>How deep groups may nest (sqlparse's own guard, <c>MAX_GROUPING_DEPTH</c>).</summary>
    public const int MaxDepth = 100;

    public static SqlNode Group(List<SqlNode> tokens)
    {
        var statement = SqlNode.Group(SqlKind.Statement, tokens);
        GroupComments(statement);
        GroupParentheses(statement);
        GroupFunctions(statement, 0);
        GroupBinary(statement, Periods, 0);
        GroupIdentifiers(statement, 0);
        GroupOrder(statement, 0);
        GroupBinary(statement, Operations, 0);
        GroupBinary(statement, Comparisons, 0);
        GroupAliases(statement, 0);
        AlignComments(statement, 0);
        GroupBinary(statement, IdentifierLists, 0);
        return statement;
    }

    /// <summary>A comment and the comments and line breaks right after it, unless nothing else follows.</summary>
    private static void GroupComments(SqlNode statement)
    {
        var tokens = statement.Children!;
        var grouped = new List<SqlNode>(tokens.Count);
        for (var index = 0; index < tokens.Count; index++)
        {
            if (tokens[index].Kind != SqlKind.Comment)
            {
                grouped.Add(tokens[index]);
                continue;
            }
            var end = index;
            while (end < tokens.Count && tokens[end].Kind is SqlKind.Comment or SqlKind.Newline)
            {
                end++;
            }
            if (end == tokens.Count)
            {
                grouped.Add(tokens[index]);
                continue;
            }
            grouped.Add(SqlNode.Group(SqlKind.CommentGroup, tokens.GetRange(index, end - index)));
            index = end - 1;
        }
        statement.ReplaceChildren(grouped);
    }

    /// <summary>Matching parentheses; an unmatched one stays a plain token.</summary>
    private static void GroupParentheses(SqlNode statement)
    {
        var open = new Stack<List<SqlNode>>();
        var current = new List<SqlNode>();
        foreach (var token in statement.Children!)
        {
            if (token.IsPunctuation('('))
            {
                if (open.Count == MaxDepth)
                {
                    throw new SqlParseException($"Maximum grouping depth exceeded ({MaxDepth}).");
                }
                open.Push(current);
                current = [token];
            }
            else if (token.IsPunctuation(')') && open.Count > 0)
            {
                current.Add(token);
                var parenthesis = SqlNode.Group(SqlKind.Parenthesis, current);
                current = open.Pop();
                current.Add(parenthesis);
            }
            else
            {
                current.Add(token);
            }
        }
        while (open.Count > 0)
        {
            var unclosed = current;
            current = open.Pop();
            current.AddRange(unclosed);
        }
        statement.ReplaceChildren(current);
    }

    /// <summary>A name followed by a parenthesis.</summary>
    private static void GroupFunctions(SqlNode node, int depth)
    {
        ForEachSubgroup(node, depth, child => child.Kind != SqlKind.Function, GroupFunctions);
        Regroup(node, (tokens, index) =>
            tokens[index].Kind == SqlKind.Name && NextNonWhitespace(tokens, index) is { } next && tokens[next].Kind == SqlKind.Parenthesis
                ? (SqlNode.Group(SqlKind.Function, tokens.GetRange(index, next - index + 1)), next)
                : null);
    }

    /// <summary>Every remaining name and double-quoted text becomes an identifier of its own.</summary>
    private static void GroupIdentifiers(SqlNode node, int depth)
    {
        ForEachSubgroup(node, depth, child => child.Kind != SqlKind.Identifier, GroupIdentifiers);
        var tokens = node.Children!;
        for (var index = 0; index < tokens.Count; index++)
        {
            if (tokens[index].Kind is SqlKind.Name or SqlKind.StringSymbol)
            {
                tokens[index] = SqlNode.Group(SqlKind.Identifier, [tokens[index]]);
            }
        }
    }

    /// <summary><c>ASC</c>/<c>DESC</c> joins the identifier or number before it.</summary>
    private static void GroupOrder(SqlNode node, int depth)
    {
        ForEachSubgroup(node, depth, child => child.Kind != SqlKind.Identifier, GroupOrder);
        var grouped = new List<SqlNode>(node.Children!.Count);
        foreach (var token in node.Children)
        {
            if (token.Kind == SqlKind.OrderKeyword && LastNonWhitespace(grouped) is { } previous
                && (grouped[previous].Kind == SqlKind.Identifier || grouped[previous].IsNumber))
            {
                var members = grouped.GetRange(previous, grouped.Count - previous);
                members.Add(token);
                grouped.RemoveRange(previous, grouped.Count - previous);
                grouped.Add(SqlNode.Group(SqlKind.Identifier, members));
                continue;
            }
            grouped.Add(token);
        }
        node.ReplaceChildren(grouped);
    }

    /// <summary>
    /// An expression followed by an identifier: sqlparse reads the identifier as an alias and merges both
    /// into one identifier (pairwise, not chained).
    /// </summary>
    private static void GroupAliases(SqlNode node, int depth)
    {
        ForEachSubgroup(node, depth, _ => true, GroupAliases);
        Regroup(node, (tokens, index) =>
        {
            var token = tokens[index];
            var aliasable = token.Kind is SqlKind.Parenthesis or SqlKind.Function or SqlKind.Identifier
                or SqlKind.Operation or SqlKind.Comparison || token.IsNumber;
            return aliasable && NextNonWhitespace(tokens, index) is { } next && tokens[next].Kind == SqlKind.Identifier
                ? (Merge(SqlKind.Identifier, tokens.GetRange(index, next - index + 1), extend: true), next)
                : null;
        });
    }

    /// <summary>A comment group is appended to the group right before it.</summary>
    private static void AlignComments(SqlNode node, int depth)
    {
        ForEachSubgroup(node, depth, _ => true, AlignComments);
        var grouped = new List<SqlNode>(node.Children!.Count);
        foreach (var token in node.Children)
        {
            if (token.Kind == SqlKind.CommentGroup && LastNonWhitespace(grouped) is { } previous && grouped[previous].IsGroup)
            {
                grouped[previous].Children!.AddRange(grouped.GetRange(previous + 1, grouped.Count - previous - 1));
                grouped[previous].Children!.Add(token);
                grouped.RemoveRange(previous + 1, grouped.Count - previous - 1);
                continue;
            }
            grouped.Add(token);
        }
        node.ReplaceChildren(grouped);
    }
}
