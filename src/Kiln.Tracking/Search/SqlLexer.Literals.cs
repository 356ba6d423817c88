using static Kiln.Tracking.Search.SqlCharacters;

namespace Kiln.Tracking.Search;

/// <summary>Numbers and quoted text, matched exactly as sqlparse's backtracking regexes match them.</summary>
internal static partial class SqlLexer
{
    /// <summary><c>-?0x[\dA-F]+</c>.</summary>
    private static int Hexadecimal(string text, int start)
    {
        var sign = At(text, start, '-') ? 1 : 0;
        if (!At(text, start + sign, '0') || !(At(text, start + sign + 1, 'x') || At(text, start + sign + 1, 'X')))
        {
            return 0;
        }
        var digits = CountWhile(text, start + sign + 2, char.IsAsciiHexDigit);
        return digits > 0 ? sign + 2 + digits : 0;
    }

    /// <summary><c>-?\d+(\.\d+)?E-?\d+</c>.</summary>
    private static int ExponentFloat(string text, int start)
    {
        var index = start + (At(text, start, '-') ? 1 : 0);
        var whole = CountWhile(text, index, IsDigit);
        if (whole == 0)
        {
            return 0;
        }
        index += whole;
        if (At(text, index, '.') && CountWhile(text, index + 1, IsDigit) is var fraction and > 0
            && ExponentLength(text, index + 1 + fraction) is var withFraction and > 0)
        {
            return index + 1 + fraction + withFraction - start;
        }
        return ExponentLength(text, index) is var exponent and > 0 ? index + exponent - start : 0;
    }

    /// <summary><c>E-?\d+</c>.</summary>
    private static int ExponentLength(string text, int index)
    {
        if (!(At(text, index, 'e') || At(text, index, 'E')))
        {
            return 0;
        }
        var sign = At(text, index + 1, '-') ? 1 : 0;
        var digits = CountWhile(text, index + 1 + sign, IsDigit);
        return digits > 0 ? 1 + sign + digits : 0;
    }

    /// <summary>
    /// <c>(?![_A-ZÀ-Ü])-?(\d+(\.\d*)|\.\d+)(?![_A-ZÀ-Ü])</c>. Backtracking gives up trailing digits until
    /// no letter follows, so <c>1.5e</c> lexes as <c>1.</c> and then a word.
    /// </summary>
    private static int Float(string text, int start)
    {
        var index = start + (At(text, start, '-') ? 1 : 0);
        var whole = CountWhile(text, index, IsDigit);
        if (whole > 0 && At(text, index + whole, '.'))
        {
            var afterDot = index + whole + 1;
            for (var fraction = CountWhile(text, afterDot, IsDigit); fraction >= 0; fraction--)
            {
                if (!IsNameStartOrUnderscore(text, afterDot + fraction))
                {
                    return afterDot + fraction - start;
                }
            }
        }
        if (whole == 0 && At(text, index, '.'))
        {
            for (var fraction = CountWhile(text, index + 1, IsDigit); fraction > 0; fraction--)
            {
                if (!IsNameStartOrUnderscore(text, index + 1 + fraction))
                {
                    return index + 1 + fraction - start;
                }
            }
        }
        return 0;
    }

    /// <summary><c>(?![_A-ZÀ-Ü])-?\d+(?![_A-ZÀ-Ü])</c>; backtracking drops one digit when a letter follows.</summary>
    private static int Integer(string text, int start)
    {
        var index = start + (At(text, start, '-') ? 1 : 0);
        for (var digits = CountWhile(text, index, IsDigit); digits > 0; digits--)
        {
            if (!IsNameStartOrUnderscore(text, index + digits))
            {
                return index + digits - start;
            }
        }
        return 0;
    }

    /// <summary><c>'(''|\\'|[^'])*'</c>.</summary>
    private static int SingleQuoted(string text, int start) => QuotedLength(text, start, '\'', backslashEscapes: true);

    /// <summary><c>"(""|\\"|[^"])*"</c>.</summary>
    private static int DoubleQuoted(string text, int start) => QuotedLength(text, start, '"', backslashEscapes: true);

    /// <summary>
    /// The length of <c>q(qq|\\q|[^q])*q</c> at <paramref name="start"/>, as Python's backtracking engine
    /// finds it: greedily, then, when the text ends before a closing quote, by reconsidering the latest
    /// doubled or backslashed quote as the closing one. Zero when nothing closes.
    /// </summary>
    private static int QuotedLength(string text, int start, char quote, bool backslashEscapes)
    {
        if (text[start] != quote)
        {
            return 0;
        }
        // Positions where an escape was taken and could be reconsidered: a doubled quote at p can close at p;
        // a backslashed quote at p can instead read the backslash alone and continue at the quote.
        Stack<(bool Doubled, int Position)>? choices = null;
        var index = start + 1;
        while (true)
        {
            while (index < text.Length)
            {
                if (text[index] == quote)
                {
                    if (!At(text, index + 1, quote))
                    {
                        return index + 1 - start;
                    }
                    (choices ??= new()).Push((true, index));
                    index += 2;
                }
                else if (backslashEscapes && text[index] == '\\' && At(text, index + 1, quote))
                {
                    (choices ??= new()).Push((false, index));
                    index += 2;
                }
                else
                {
                    index++;
                }
            }
            if (choices is null || choices.Count == 0)
            {
                return 0;
            }
            var (doubled, position) = choices.Pop();
            if (doubled)
            {
                return position + 1 - start;
            }
            var quoteAt = position + 1;
            if (!At(text, quoteAt + 1, quote))
            {
                return quoteAt + 1 - start;
            }
            choices.Push((true, quoteAt));
            index = quoteAt + 2;
        }
    }
}
