using static Kiln.Tracking.Search.SqlCharacters;

namespace Kiln.Tracking.Search;

/// <summary>
/// Splits text into tokens with sqlparse's lexer rules (sqlparse 0.5, which MLflow 2.17 parses filters
/// with), tried in sqlparse's order: the first rule that matches at a position wins.
/// </summary>
internal static partial class SqlLexer
{
    private delegate int Rule(string text, int start);

    /// <summary>The rules as (matcher, kind); a null kind means "a word: look it up".</summary>
    private static readonly (Rule Match, SqlKind? Kind)[] Rules =
    [
        (LineComment, SqlKind.Comment),
        (BlockComment, SqlKind.Comment),
        (Newline, SqlKind.Newline),
        (Whitespace, SqlKind.Whitespace),
        (AssignmentOrCast, SqlKind.Other),
        (Wildcard, SqlKind.Wildcard),
        (BacktickName, SqlKind.Name),
        (Placeholder, SqlKind.Placeholder),
        (Command, SqlKind.Other),
        (AlwaysKeyword, SqlKind.Keyword),
        (PrefixedName, SqlKind.Name),
        (PositionalName, SqlKind.Name),
        (Hexadecimal, SqlKind.Hexadecimal),
        (ExponentFloat, SqlKind.Float),
        (Float, SqlKind.Float),
        (Integer, SqlKind.Integer),
        (SingleQuoted, SqlKind.StringSingle),
        (DoubleQuoted, SqlKind.StringSymbol),
        (BracketName, SqlKind.Name),
        (NotNull, SqlKind.Keyword),
        (PatternOperator, SqlKind.ComparisonOperator),
        (Word, null),
        (Punctuation, SqlKind.Punctuation),
        (ComparisonOperator, SqlKind.ComparisonOperator),
        (Operator, SqlKind.Operator),
    ];

    public static List<SqlNode> Tokenize(string text)
    {
        var tokens = new List<SqlNode>();
        var position = 0;
        while (position < text.Length)
        {
            var (kind, length) = NextToken(text, position);
            tokens.Add(SqlNode.Leaf(text, kind, position, position + length));
            position += length;
        }
        return tokens;
    }

    private static (SqlKind Kind, int Length) NextToken(string text, int start)
    {
        foreach (var (match, kind) in Rules)
        {
            var length = match(text, start);
            if (length > 0)
            {
                return (kind ?? SqlKeywords.Classify(text.AsSpan(start, length)), length);
            }
        }
        return (SqlKind.Other, 1);
    }

    /// <summary><c>(--|# ).*?(\r\n|\r|\n|$)</c> (hints included).</summary>
    private static int LineComment(string text, int start)
    {
        if (!(AtIgnoreCase(text, start, "--") || AtIgnoreCase(text, start, "# ")))
        {
            return 0;
        }
        var index = start + 2;
        while (index < text.Length && text[index] is not ('\r' or '\n'))
        {
            index++;
        }
        return index - start + LineBreakLength(text, index);
    }

    /// <summary><c>/\*[\s\S]*?\*/</c>.</summary>
    private static int BlockComment(string text, int start)
    {
        if (!AtIgnoreCase(text, start, "/*"))
        {
            return 0;
        }
        var close = text.IndexOf("*/", start + 2, StringComparison.Ordinal);
        return close < 0 ? 0 : close + 2 - start;
    }

    private static int Newline(string text, int start) => LineBreakLength(text, start);

    private static int LineBreakLength(string text, int index) => index >= text.Length ? 0
        : text[index] == '\r' ? (At(text, index + 1, '\n') ? 2 : 1)
        : text[index] == '\n' ? 1
        : 0;

    /// <summary>sqlparse makes one token per whitespace character; one per run changes nothing MLflow looks at.</summary>
    private static int Whitespace(string text, int start) =>
        CountWhile(text, start, c => IsWhitespace(c) && c is not ('\r' or '\n'));

    private static int AssignmentOrCast(string text, int start) =>
        At(text, start, ':') && (At(text, start + 1, '=') || At(text, start + 1, ':')) ? 2 : 0;

    private static int Wildcard(string text, int start) => At(text, start, '*') ? 1 : 0;

    private static int BacktickName(string text, int start) =>
        QuotedLength(text, start, '`', backslashEscapes: false) is var length and > 0
            ? length
            : QuotedLength(text, start, '\u00B4', backslashEscapes: false);

    /// <summary><c>\?</c>, <c>%(\(\w+\))?s</c> and <c>(?&lt;!\w)[$:?]\w+</c>.</summary>
    private static int Placeholder(string text, int start)
    {
        if (At(text, start, '?'))
        {
            return 1;
        }
        if (At(text, start, '%'))
        {
            if (At(text, start + 1, 's') || At(text, start + 1, 'S'))
            {
                return 2;
            }
            if (At(text, start + 1, '('))
            {
                var name = CountWhile(text, start + 2, IsWord);
                var close = start + 2 + name;
                return name > 0 && At(text, close, ')') && (At(text, close + 1, 's') || At(text, close + 1, 'S')) ? close + 2 - start : 0;
            }
            return 0;
        }
        if (text[start] is '$' or ':' && (start == 0 || !IsWord(text[start - 1])))
        {
            var name = CountWhile(text, start + 1, IsWord);
            return name > 0 ? name + 1 : 0;
        }
        return 0;
    }

    /// <summary><c>\\\w+</c>.</summary>
    private static int Command(string text, int start)
    {
        if (!At(text, start, '\\'))
        {
            return 0;
        }
        var name = CountWhile(text, start + 1, IsWord);
        return name > 0 ? name + 1 : 0;
    }

    /// <summary><c>(CASE|IN|VALUES|USING|FROM|AS)\b</c>: keywords even when a parenthesis follows.</summary>
    private static int AlwaysKeyword(string text, int start)
    {
        foreach (var keyword in (ReadOnlySpan<string>)["CASE", "IN", "VALUES", "USING", "FROM", "AS"])
        {
            if (AtIgnoreCase(text, start, keyword) && IsWordEnd(text, start + keyword.Length))
            {
                return keyword.Length;
            }
        }
        return 0;
    }

    /// <summary><c>(@|##|#)[A-ZÀ-Ü]\w+</c>.</summary>
    private static int PrefixedName(string text, int start)
    {
        var prefix = At(text, start, '@') ? 1 : AtIgnoreCase(text, start, "##") ? 2 : At(text, start, '#') ? 1 : 0;
        if (prefix == 0 || start + prefix >= text.Length || !IsNameStart(text[start + prefix]))
        {
            return 0;
        }
        var rest = CountWhile(text, start + prefix + 1, IsWord);
        return rest > 0 ? prefix + 1 + rest : 0;
    }

    /// <summary>
    /// A word that is a name (never a keyword) because of where it stands: before a dot (spaces allowed),
    /// right after a dot, or right before a parenthesis.
    /// </summary>
    private static int PositionalName(string text, int start)
    {
        if (!IsNameStart(text[start]))
        {
            return 0;
        }
        var length = 1 + CountWhile(text, start + 1, IsWord);
        var end = start + length;
        var afterSpaces = end + CountWhile(text, end, IsWhitespace);
        var beforeDot = At(text, afterSpaces, '.');
        var afterDot = start > 0 && text[start - 1] == '.';
        var beforeParenthesis = At(text, end, '(');
        return beforeDot || afterDot || beforeParenthesis ? length : 0;
    }

    /// <summary><c>(?&lt;![\w\])])(\[[^\]\[]+\])</c>: a SQLite-style bracketed name.</summary>
    private static int BracketName(string text, int start)
    {
        if (!At(text, start, '[') || (start > 0 && (IsWord(text[start - 1]) || text[start - 1] is ']' or ')')))
        {
            return 0;
        }
        var content = CountWhile(text, start + 1, c => c is not ('[' or ']'));
        return content > 0 && At(text, start + 1 + content, ']') ? content + 2 : 0;
    }

    /// <summary><c>NOT\s+NULL\b</c>.</summary>
    private static int NotNull(string text, int start)
    {
        var spaces = AfterNot(text, start);
        return spaces > 0 && AtIgnoreCase(text, start + 3 + spaces, "NULL") && IsWordEnd(text, start + 7 + spaces)
            ? 7 + spaces
            : 0;
    }

    /// <summary><c>(NOT\s+)?(LIKE|ILIKE|RLIKE)\b</c> and <c>(NOT\s+)?(REGEXP)\b</c>.</summary>
    private static int PatternOperator(string text, int start)
    {
        var spaces = AfterNot(text, start);
        if (spaces > 0 && PatternOperatorWord(text, start + 3 + spaces) is var negated and > 0)
        {
            return 3 + spaces + negated;
        }
        return PatternOperatorWord(text, start);
    }

    private static int PatternOperatorWord(string text, int start)
    {
        foreach (var word in (ReadOnlySpan<string>)["LIKE", "ILIKE", "RLIKE", "REGEXP"])
        {
            if (AtIgnoreCase(text, start, word) && IsWordEnd(text, start + word.Length))
            {
                return word.Length;
            }
        }
        return 0;
    }

    /// <summary>The whitespace after a leading <c>NOT</c>, or 0 when there is no <c>NOT\s+</c> here.</summary>
    private static int AfterNot(string text, int start) =>
        AtIgnoreCase(text, start, "NOT") ? CountWhile(text, start + 3, IsWhitespace) : 0;

    /// <summary><c>\w[$#\w]*</c>, classified as keyword, builtin or name by the caller.</summary>
    private static int Word(string text, int start) =>
        IsWord(text[start]) ? 1 + CountWhile(text, start + 1, c => IsWord(c) || c is '$' or '#') : 0;

    private static int Punctuation(string text, int start) => text[start] is ';' or ':' or '(' or ')' or '[' or ']' or ',' or '.' ? 1 : 0;

    private static int ComparisonOperator(string text, int start) => CountWhile(text, start, c => c is '<' or '>' or '=' or '~' or '!');

    private static int Operator(string text, int start) =>
        CountWhile(text, start, c => c is '+' or '/' or '@' or '#' or '%' or '^' or '&' or '|' or '-');
}
