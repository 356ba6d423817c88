using Kiln.Core;

namespace Kiln.Tracking.Search;

/// <summary>
/// MLflow's <c>_parse_run_ids</c>: checks the shape sqlparse gave a parenthesised list, evaluates it as a
/// Python literal, and keeps only the strings that are all lower case (MLflow filters run ids that way
/// because MySQL compares IN lists case-insensitively; it applies to every list it parses).
/// </summary>
internal static class InListParser
{
    private const string Prefix = "While parsing a list in the query,";

    public static IReadOnlyList<string> Parse(SqlNode parenthesis)
    {
        var tokens = parenthesis.Children!;
        var inner = tokens.GetRange(1, tokens.Count - 2);
        if (inner.Count == 0)
        {
            throw KilnException.InvalidParameter($"{Prefix} expected a non-empty list of string values, but got empty list");
        }
        var single = inner.Count == 1 && inner[0].Kind == SqlKind.StringSingle;
        if (!single)
        {
            if (inner[0].Kind != SqlKind.IdentifierList)
            {
                throw IllFormed();
            }
            if (inner[0].Children!.Exists(token => token.Kind is not (SqlKind.StringSingle or SqlKind.Punctuation or SqlKind.Whitespace)))
            {
                throw KilnException.InvalidParameter(
                    $"{Prefix} expected string value, punctuation, or whitespace, but got different type in list: {parenthesis.Text}");
            }
        }
        var values = PythonStringTuple.Evaluate(parenthesis.Text) ?? throw IllFormed();
        return values.FindAll(PythonStrings.IsLower);
    }

    private static KilnException IllFormed() =>
        KilnException.InvalidParameter($"{Prefix} expected a non-empty list of string values, but got ill-formed list.");
}
