using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Renders sqlparse-style trees compactly: leaves as text, groups as <c>Kind[children]</c>, whitespace left out.</summary>
internal static class SqlTree
{
    public static string Render(string text) => string.Join(" || ", SqlParser.Parse(text).Select(statement => Children(statement)));

    private static string Children(SqlNode group) =>
        string.Join(" ", group.Children!.Where(child => !child.IsWhitespace).Select(Render));

    private static string Render(SqlNode node) => node.IsGroup ? $"{node.Kind}[{Children(node)}]" : node.Text;

    public static string Tokens(string text) =>
        string.Join(" ", SqlLexer.Tokenize(text).Where(token => !token.IsWhitespace).Select(token => $"{token.Kind}:{token.Text}"));
}
