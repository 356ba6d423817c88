using System.Text;

namespace Kiln.Tracking.Search;

/// <summary>Python's <c>shlex.split</c> (POSIX mode, no comments), which MLflow splits order_by clauses with.</summary>
internal static class Shlex
{
    /// <exception cref="FormatException">A quote is not closed, or the text ends in a backslash.</exception>
    public static List<string> Split(string text)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        for (var index = 0; index < text.Length; index++)
        {
            var c = text[index];
            switch (c)
            {
                case ' ' or '\t' or '\r' or '\n':
                    if (inWord)
                    {
                        words.Add(word.ToString());
                        word.Clear();
                        inWord = false;
                    }
                    break;
                case '\\':
                    if (++index >= text.Length)
                    {
                        throw new FormatException("No escaped character");
                    }
                    word.Append(text[index]);
                    inWord = true;
                    break;
                case '\'':
                    var close = text.IndexOf('\'', index + 1);
                    if (close < 0)
                    {
                        throw new FormatException("No closing quotation");
                    }
                    word.Append(text, index + 1, close - index - 1);
                    index = close;
                    inWord = true;
                    break;
                case '"':
                    index = ReadDoubleQuoted(text, index, word);
                    inWord = true;
                    break;
                default:
                    word.Append(c);
                    inWord = true;
                    break;
            }
        }
        if (inWord)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    /// <summary>Inside double quotes a backslash escapes only <c>"</c> and <c>\</c>. Returns the closing quote's index.</summary>
    private static int ReadDoubleQuoted(string text, int open, StringBuilder word)
    {
        for (var index = open + 1; index < text.Length; index++)
        {
            var c = text[index];
            if (c == '"')
            {
                return index;
            }
            if (c == '\\' && index + 1 < text.Length && text[index + 1] is '"' or '\\')
            {
                index++;
                c = text[index];
            }
            word.Append(c);
        }
        throw new FormatException("No closing quotation");
    }
}
