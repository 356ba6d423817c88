namespace Kiln.Tracking.Search;

/// <summary>The list sweeps the grouping passes are built from.</summary>
internal static partial class SqlGrouper
{
    /// <summary>Tries to start a group at a token: the group and the index of its last token, or null.</summary>
    private delegate (SqlNode Group, int Last)? GroupAt(List<SqlNode> tokens, int index);

    /// <summary>Rebuilds a token list left to right; a grouped token's members are not looked at again.</summary>
    private static void Regroup(SqlNode node, GroupAt groupAt)
    {
        var tokens = node.Children!;
        var grouped = new List<SqlNode>(tokens.Count);
        for (var index = 0; index < tokens.Count; index++)
        {
            if (groupAt(tokens, index) is { } found)
            {
                grouped.Add(found.Group);
                index = found.Last;
            }
            else
            {
                grouped.Add(tokens[index]);
            }
        }
        node.ReplaceChildren(grouped);
    }

    /// <summary>Runs a pass over the subgroups first, as sqlparse's <c>@recurse</c> does.</summary>
    private static void ForEachSubgroup(SqlNode node, int depth, Func<SqlNode, bool> include, Action<SqlNode, int> pass)
    {
        foreach (var child in node.Children!)
        {
            if (child.IsGroup && include(child))
            {
                pass(child, Deeper(depth));
            }
        }
    }

    private static int Deeper(int depth) => depth < MaxDepth
        ? depth + 1
        : throw new SqlParseException($"Maximum grouping depth exceeded ({MaxDepth}).");

    /// <summary>
    /// Groups members into a new group, or, when extending and the first member already is such a group,
    /// appends the others to it (sqlparse's <c>group_tokens(..., extend=True)</c>).
    /// </summary>
    private static SqlNode Merge(SqlKind kind, List<SqlNode> members, bool extend)
    {
        if (extend && members[0].IsGroup && members[0].Kind == kind)
        {
            members[0].Children!.AddRange(members.Skip(1));
            return members[0];
        }
        return SqlNode.Group(kind, members);
    }

    private static int? NextNonWhitespace(List<SqlNode> tokens, int index)
    {
        for (var next = index + 1; next < tokens.Count; next++)
        {
            if (!tokens[next].IsWhitespace)
            {
                return next;
            }
        }
        return null;
    }

    private static int? LastNonWhitespace(List<SqlNode> tokens)
    {
        for (var index = tokens.Count - 1; index >= 0; index--)
        {
            if (!tokens[index].IsWhitespace)
            {
                return index;
            }
        }
        return null;
    }
}
