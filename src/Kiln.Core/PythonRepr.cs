using System.Text;

namespace Kiln.Core;

/// <summary>Python's repr() of strings and lists, which MLflow's error messages embed.</summary>
public static class PythonRepr
{
    public static string Str(string value)
    {
        var quote = value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(value.Length + 2).Append(quote);
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (c == quote)
                    {
                        builder.Append('\\');
                    }
                    builder.Append(c);
                    break;
            }
        }
        return builder.Append(quote).ToString();
    }

    public static string List(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Str)) + "]";

    /// <summary>Python's json.dumps of a string (ASCII only, \uXXXX escapes).</summary>
    public static string JsonString(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                default:
                    if (c < 0x20 || c > 0x7e)
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
        return builder.Append('"').ToString();
    }

    /// <summary>
    /// A set of strings, in the order given. Python prints sets in hash order, which varies between
    /// processes, so any order is one Python could have printed.
    /// </summary>
    public static string Set(IEnumerable<string> values)
    {
        var items = string.Join(", ", values.Select(Str));
        return items.Length == 0 ? "set()" : "{" + items + "}";
    }

    public static string Tuple(IReadOnlyList<string> values) => values.Count == 1
        ? "(" + Str(values[0]) + ",)"
        : "(" + string.Join(", ", values.Select(Str)) + ")";
}
