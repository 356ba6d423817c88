namespace Kiln.Tracking.Search;

/// <summary>
/// Token and group types of the sqlparse subset MLflow's search grammar is built on. Leaf kinds mirror
/// sqlparse token types; group kinds mirror its <c>TokenList</c> classes.
/// </summary>
internal enum SqlKind
{
    Whitespace,
    Newline,
    Comment,
    Name,
    Builtin,
    Placeholder,
    Keyword,
    OrderKeyword,
    Integer,
    Float,
    Hexadecimal,
    StringSingle,
    StringSymbol,
    Punctuation,
    ComparisonOperator,
    Operator,
    Wildcard,

    /// <summary>Anything sqlparse lexes as a type MLflow never accepts (errors, commands, casts, assignments).</summary>
    Other,

    Statement,
    CommentGroup,
    Parenthesis,
    Function,
    Identifier,
    Operation,
    Comparison,
    IdentifierList,
}
