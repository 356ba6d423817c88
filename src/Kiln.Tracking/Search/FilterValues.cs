using System.Globalization;
using Kiln.Core;
using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>Reading the right-hand side of a comparison the way MLflow's <c>_get_value</c> variants do.</summary>
internal static class FilterValues
{
    /// <summary>A single-quoted string or a (double-quoted or bare) identifier: both are read as text.</summary>
    public static bool IsText(SqlNode token) => token.Kind is SqlKind.StringSingle or SqlKind.Identifier;

    /// <summary>sqlparse's integer and float tokens (not hexadecimal).</summary>
    public static bool IsNumber(SqlNode token) => token.Kind is SqlKind.Integer or SqlKind.Float;

    public static bool IsList(SqlNode token) => token.Kind == SqlKind.Parenthesis;

    /// <summary>The text inside the quotes; an unquoted (or backticked) identifier is an error.</summary>
    public static FilterValue Text(SqlNode token)
    {
        var text = token.Text;
        if (SearchIdentifiers.IsQuoted(text, '\'') || SearchIdentifiers.IsQuoted(text, '"'))
        {
            return FilterValue.Of(text[1..^1]);
        }
        throw KilnException.InvalidParameter(
            $"Parameter value is either not quoted or unidentified quote types used for string value {text}. Use either single or double quotes.");
    }

    public static FilterValue Number(SqlNode token) => FilterValue.Of(ParseNumber(token.Text));

    public static FilterValue List(SqlNode token) => FilterValue.Of(InListParser.Parse(token));

    public static double ParseNumber(string text) => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
}
