namespace Kiln.Tracking.Search;

/// <summary>sqlparse's <c>_group</c>: joining "left operator right" into one group.</summary>
internal static partial class SqlGrouper
{
    /// <summary>
    /// One binary grouping: which token joins its neighbours, which neighbours qualify, whether the right
    /// neighbour is taken into the group (only a qualifying one for periods), and whether a left neighbour
    /// that already is such a group is extended instead of nested.
    /// </summary>
    private sealed record BinaryRule(
        SqlKind Kind,
        Func<SqlNode, bool> IsJoiner,
        Func<SqlNode, bool> ValidLeft,
        Func<SqlNode?, bool> ValidRight,
        Func<SqlNode?, bool> TakesRight,
        bool Extend);

    /// <summary><c>name.name</c>, <c>"quoted".`quoted`</c>, ...: dotted identifiers (a trailing dot is kept).</summary>
    private static readonly BinaryRule Periods = new(
        SqlKind.Identifier,
        token => token.IsPunctuation('.'),
        token => token.Kind is SqlKind.Identifier or SqlKind.Name or SqlKind.StringSymbol,
        _ => true,
        token => token is { Kind: SqlKind.Function or SqlKind.Name or SqlKind.StringSymbol or SqlKind.Wildcard or SqlKind.StringSingle },
        Extend: true);

    private static readonly BinaryRule Operations = new(
        SqlKind.Operation,
        token => token.Kind is SqlKind.Operator or SqlKind.Wildcard,
        IsOperand,
        IsOperand,
        _ => true,
        Extend: false);

    private static readonly BinaryRule Comparisons = new(
        SqlKind.Comparison,
        token => token.Kind == SqlKind.ComparisonOperator,
        IsComparable,
        IsComparable,
        _ => true,
        Extend: false);

    private static readonly BinaryRule IdentifierLists = new(
        SqlKind.IdentifierList,
        token => token.IsPunctuation(','),
        IsListItem,
        IsListItem,
        _ => true,
        Extend: true);

    private static bool IsOperand(SqlNode? token) => token is
    {
        Kind: SqlKind.Parenthesis or SqlKind.Function or SqlKind.Identifier or SqlKind.Operation
            or SqlKind.Integer or SqlKind.Float or SqlKind.StringSingle or SqlKind.StringSymbol
            or SqlKind.Name or SqlKind.Placeholder,
    };

    private static bool IsComparable(SqlNode? token) => IsOperand(token) || (token is not null && token.IsKeywordNamed("NULL"));

    /// <summary>Like an operand, but a parenthesis is not a list item while keywords and <c>*</c> are.</summary>
    private static bool IsListItem(SqlNode? token) => token is
    {
        Kind: SqlKind.Function or SqlKind.Identifier or SqlKind.Comparison or SqlKind.IdentifierList or SqlKind.Operation
            or SqlKind.Integer or SqlKind.Float or SqlKind.StringSingle or SqlKind.StringSymbol
            or SqlKind.Name or SqlKind.Placeholder or SqlKind.Keyword or SqlKind.Wildcard,
    };

    /// <summary>
    /// Sweeps left to right. sqlparse keeps walking its original token list after a grouping, so the
    /// left neighbour seen by the next joiner is the right operand just consumed (while the group starts
    /// at the new group): that is why <c>a = 1 = 2</c> nests as <c>(a = 1) = 2</c>.
    /// </summary>
    private static void GroupBinary(SqlNode node, BinaryRule rule, int depth)
    {
        var tokens = node.Children!;
        foreach (var child in tokens)
        {
            if (child.IsGroup && child.Kind != rule.Kind)
            {
                GroupBinary(child, rule, Deeper(depth));
            }
        }
        var grouped = new List<SqlNode>(tokens.Count);
        SqlNode? left = null;
        var leftIndex = -1;
        for (var index = 0; index < tokens.Count; index++)
        {
            var token = tokens[index];
            if (!token.IsWhitespace && rule.IsJoiner(token) && left is not null && rule.ValidLeft(left))
            {
                var rightIndex = NextNonWhitespace(tokens, index);
                var right = rightIndex is { } found ? tokens[found] : null;
                if (rule.ValidRight(right))
                {
                    var takesRight = rule.TakesRight(right);
                    var last = takesRight ? rightIndex!.Value : index;
                    var members = grouped.GetRange(leftIndex, grouped.Count - leftIndex);
                    members.AddRange(tokens.GetRange(index, last - index + 1));
                    grouped.RemoveRange(leftIndex, grouped.Count - leftIndex);
                    var group = Merge(rule.Kind, members, rule.Extend);
                    grouped.Add(group);
                    left = takesRight ? right : group;
                    leftIndex = grouped.Count - 1;
                    index = last;
                    continue;
                }
            }
            grouped.Add(token);
            if (!token.IsWhitespace)
            {
                left = token;
                leftIndex = grouped.Count - 1;
            }
        }
        node.ReplaceChildren(grouped);
    }
}
