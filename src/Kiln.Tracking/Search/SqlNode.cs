namespace Kiln.Tracking.Search;

/// <summary>A token or a group of tokens over a slice of the parsed text.</summary>
internal sealed class SqlNode
{
    private readonly string _source;
    private readonly int _start;
    private readonly int _end;
    private readonly string? _text;

    private SqlNode(string source, SqlKind kind, int start, int end, List<SqlNode>? children, string? text)
    {
        _source = source;
        Kind = kind;
        _start = start;
        _end = end;
        Children = children;
        _text = text;
    }

    public SqlKind Kind { get; }

    /// <summary>The grouped tokens, or null for a leaf token.</summary>
    public List<SqlNode>? Children { get; private set; }

    public string Source => _source;

    public bool IsGroup => Children is not null;

    public int Start => Children is { Count: > 0 } children ? children[0].Start : _start;

    public int End => Children is { Count: > 0 } children ? children[^1].End : _end;

    /// <summary>The text as written (sqlparse's <c>str(token)</c>).</summary>
    public string Text => _text ?? _source[Start..End];

    public ReadOnlySpan<char> TextSpan => _text is null ? _source.AsSpan(Start, End - Start) : _text.AsSpan();

    public bool IsWhitespace => Kind is SqlKind.Whitespace or SqlKind.Newline;

    public bool IsKeyword => Kind is SqlKind.Keyword or SqlKind.OrderKeyword;

    public bool IsNumber => Kind is SqlKind.Integer or SqlKind.Float or SqlKind.Hexadecimal;

    public static SqlNode Leaf(string source, SqlKind kind, int start, int end) => new(source, kind, start, end, null, null);

    public static SqlNode Group(SqlKind kind, List<SqlNode> children) => new(children[0]._source, kind, 0, 0, children, null);

    /// <summary>A token MLflow builds itself, like the <c>NOT IN</c> it joins from two keywords.</summary>
    public static SqlNode Synthetic(SqlNode from, SqlNode to, SqlKind kind, string text) =>
        new(from._source, kind, from.Start, to.End, null, text);

    /// <summary>A plain keyword (not ASC/DESC) with this name, case-insensitively.</summary>
    public bool IsKeywordNamed(string name) =>
        Kind == SqlKind.Keyword && TextSpan.Equals(name, StringComparison.OrdinalIgnoreCase);

    /// <summary>Replaces a group's tokens after a grouping pass has regrouped them.</summary>
    public void ReplaceChildren(List<SqlNode> children)
    {
        if (Children is null)
        {
            throw new InvalidOperationException("A leaf token has no children.");
        }
        Children = children;
    }

    public bool IsPunctuation(char value) => Kind == SqlKind.Punctuation && _end - _start == 1 && _source[_start] == value;

    public override string ToString() => $"{Kind} {Text}";
}
