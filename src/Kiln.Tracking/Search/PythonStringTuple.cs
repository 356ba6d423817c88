using System.Globalization;
using System.Text;

namespace Kiln.Tracking.Search;

/// <summary>
/// Python's <c>ast.literal_eval</c> for what MLflow feeds it: a parenthesised string or tuple of strings,
/// with Python's escapes and implicit concatenation of adjacent literals (<c>('a' 'b')</c> is <c>'ab'</c>).
/// </summary>
internal static class PythonStringTuple
{
    /// <summary>The strings, or null where Python raises (MLflow then reports an ill-formed list).</summary>
    public static List<string>? Evaluate(string text)
    {
        var position = 0;
        if (!At(text, position, '('))
        {
            return null;
        }
        position++;
        var values = new List<string>();
        SkipSpace(text, ref position);
        while (!At(text, position, ')'))
        {
            if (ReadAdjacentLiterals(text, ref position) is not { } value)
            {
                return null;
            }
            values.Add(value);
            SkipSpace(text, ref position);
            if (At(text, position, ','))
            {
                position++;
                SkipSpace(text, ref position);
            }
            else if (!At(text, position, ')'))
            {
                return null;
            }
        }
        position++;
        SkipSpace(text, ref position);
        return position == text.Length ? values : null;
    }

    private static string? ReadAdjacentLiterals(string text, ref int position)
    {
        var value = new StringBuilder();
        if (!ReadLiteral(text, ref position, value))
        {
            return null;
        }
        while (true)
        {
            var next = position;
            SkipSpace(text, ref next);
            if (!(At(text, next, '\'') || At(text, next, '"')))
            {
                return value.ToString();
            }
            position = next;
            if (!ReadLiteral(text, ref position, value))
            {
                return null;
            }
        }
    }

    private static bool ReadLiteral(string text, ref int position, StringBuilder value)
    {
        if (!(At(text, position, '\'') || At(text, position, '"')))
        {
            return false;
        }
        var quote = text[position];
        var triple = At(text, position + 1, quote) && At(text, position + 2, quote);
        position += triple ? 3 : 1;
        while (position < text.Length)
        {
            var c = text[position];
            if (c == quote && (!triple || (At(text, position + 1, quote) && At(text, position + 2, quote))))
            {
                position += triple ? 3 : 1;
                return true;
            }
            if (!triple && c is '\n' or '\r')
            {
                return false;
            }
            if (c == '\\')
            {
                if (!ReadEscape(text, ref position, value))
                {
                    return false;
                }
                continue;
            }
            value.Append(c);
            position++;
        }
        return false;
    }

    /// <summary>One backslash escape of a Python (non-raw) string literal; false where Python raises.</summary>
    private static bool ReadEscape(string text, ref int position, StringBuilder value)
    {
        if (position + 1 >= text.Length)
        {
            return false;
        }
        var escape = text[position + 1];
        position += 2;
        switch (escape)
        {
            case '\n':
                return true;
            case '\r':
                position += At(text, position, '\n') ? 1 : 0;
                return true;
            case '\\' or '\'' or '"':
                value.Append(escape);
                return true;
            case 'a': value.Append('\a'); return true;
            case 'b': value.Append('\b'); return true;
            case 'f': value.Append('\f'); return true;
            case 'n': value.Append('\n'); return true;
            case 'r': value.Append('\r'); return true;
            case 't': value.Append('\t'); return true;
            case 'v': value.Append('\v'); return true;
            case >= '0' and <= '7':
                var octal = escape - '0';
                for (var digits = 1; digits < 3 && position < text.Length && text[position] is >= '0' and <= '7'; digits++)
                {
                    octal = (octal * 8) + (text[position++] - '0');
                }
                value.Append((char)octal);
                return true;
            case 'x':
                return ReadHex(text, ref position, 2, value);
            case 'u':
                return ReadHex(text, ref position, 4, value);
            case 'U':
                return ReadHex(text, ref position, 8, value);
            case 'N':
                // \N{UNICODE NAME}: Kiln has no Unicode name table; reported like any other unreadable list.
                return false;
            default:
                value.Append('\\').Append(escape);
                return true;
        }
    }

    private static bool ReadHex(string text, ref int position, int digits, StringBuilder value)
    {
        if (position + digits > text.Length
            || !int.TryParse(text.AsSpan(position, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code)
            || code is < 0 or > 0x10FFFF)
        {
            return false;
        }
        position += digits;
        if (code <= 0xFFFF)
        {
            value.Append((char)code);
        }
        else
        {
            value.Append(char.ConvertFromUtf32(code));
        }
        return true;
    }

    /// <summary>Whitespace inside brackets: blanks, line breaks, line continuations and comments.</summary>
    private static void SkipSpace(string text, ref int position)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c is ' ' or '\t' or '\f' or '\r' or '\n')
            {
                position++;
            }
            else if (c == '\\' && (At(text, position + 1, '\n') || At(text, position + 1, '\r')))
            {
                position += 2;
            }
            else if (c == '#')
            {
                while (position < text.Length && text[position] is not ('\r' or '\n'))
                {
                    position++;
                }
            }
            else
            {
                return;
            }
        }
    }

    private static bool At(string text, int index, char c) => index < text.Length && text[index] == c;
}
