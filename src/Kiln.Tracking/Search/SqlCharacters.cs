namespace Kiln.Tracking.Search;

/// <summary>The character classes of sqlparse's (case-insensitive, Unicode) lexer patterns.</summary>
internal static class SqlCharacters
{
    /// <summary>Python's <c>\w</c>.</summary>
    public static bool IsWord(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <summary>Python's <c>\d</c>, restricted to ASCII so every number Kiln lexes also parses.</summary>
    public static bool IsDigit(char c) => char.IsAsciiDigit(c);

    public static bool IsWhitespace(char c) => char.IsWhiteSpace(c);

    /// <summary>
    /// sqlparse's <c>[A-ZÀ-Ü]</c> under <c>re.IGNORECASE</c>: ASCII letters, their four Unicode case
    /// variants, and À–Ü with their lowercase forms.
    /// </summary>
    public static bool IsNameStart(char c) =>
        char.IsAsciiLetter(c)
        || c is '\u0130' or '\u0131' or '\u017F' or '\u212A'
        || c is >= '\u00C0' and <= '\u00DC'
        || (c is >= '\u00E0' and <= '\u00FC' && c != '\u00F7');

    /// <summary>The lookaheads <c>(?![_A-ZÀ-Ü])</c> around sqlparse's numbers.</summary>
    public static bool IsNameStartOrUnderscore(string text, int index) =>
        index < text.Length && (text[index] == '_' || IsNameStart(text[index]));

    public static bool At(string text, int index, char c) => index < text.Length && text[index] == c;

    public static bool AtIgnoreCase(string text, int index, string word) =>
        index + word.Length <= text.Length && text.AsSpan(index, word.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    /// <summary>Python's <c>\b</c> right after a word character.</summary>
    public static bool IsWordEnd(string text, int index) => index >= text.Length || !IsWord(text[index]);

    public static int CountWhile(string text, int start, Func<char, bool> predicate)
    {
        var index = start;
        while (index < text.Length && predicate(text[index]))
        {
            index++;
        }
        return index - start;
    }
}
