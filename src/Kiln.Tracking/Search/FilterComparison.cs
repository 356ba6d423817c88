using System.Globalization;
using Kiln.Core;

namespace Kiln.Tracking.Search;

/// <summary>One comparison of a filter: identifier, comparator as written, value token.</summary>
internal readonly record struct FilterComparison(string Identifier, string Comparator, SqlNode Value)
{
    /// <summary>MLflow's <c>_validate_comparison</c>: three tokens, the first an identifier.</summary>
    public static FilterComparison From(SqlNode comparison)
    {
        var parts = comparison.Children!.FindAll(token => !token.IsWhitespace);
        if (parts.Count != 3)
        {
            throw KilnException.InvalidParameter(string.Create(CultureInfo.InvariantCulture,
                $"Invalid comparison clause. Expected 3 tokens found {parts.Count}"));
        }
        if (parts[0].Kind != SqlKind.Identifier)
        {
            throw KilnException.InvalidParameter($"Invalid comparison clause. Expected 'Identifier' found '{parts[0].Text}'");
        }
        return new FilterComparison(parts[0].Text, parts[1].Text, parts[2]);
    }
}
