using System.Globalization;
using System.Text;

namespace Kiln.Tracking.Search;

/// <summary>Python string semantics MLflow relies on: <c>str.islower()</c>.</summary>
internal static class PythonStrings
{
    /// <summary>True when the text has a cased character and none of its cased characters is upper or title case.</summary>
    public static bool IsLower(string value)
    {
        var cased = false;
        foreach (var rune in value.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.UppercaseLetter or UnicodeCategory.TitlecaseLetter)
            {
                return false;
            }
            cased |= category == UnicodeCategory.LowercaseLetter;
        }
        return cased;
    }
}
