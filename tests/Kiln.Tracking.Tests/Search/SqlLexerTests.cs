using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Token kinds and boundaries, as sqlparse 0.5 lexes the same text (checked against sqlparse itself).</summary>
public class SqlLexerTests
{
    [Theory]
    [InlineData("1 -1 1.5 -1.5 .5 1. 1e5 1E-5 -2.5e3 1.e5 1.5abc 12_3 0x1F -0x1f 0xg 1e+5", "Integer:1 Integer:-1 Float:1.5 Float:-1.5 Float:.5 Float:1. Float:1e5 Float:1E-5 Float:-2.5e3 Integer:1 Punctuation:. Name:e5 Float:1. Name:5abc Integer:1 Name:2_3 Hexadecimal:0x1F Hexadecimal:-0x1f Name:0xg Name:1e Operator:+ Integer:5")]
    [InlineData("'a''b' 'a\\'b' 'a\\\\' 'x", "StringSingle:'a''b' StringSingle:'a\\'b' StringSingle:'a\\\\' ' Name:x")]
    [InlineData("\"a\"\"b\" `a``b` `x", "StringSymbol:\"a\"\"b\" Name:`a``b` Other:` Name:x")]
    [InlineData("IN in( NOT IN NOT NULL AND and OR ASC desc timestamp date name status", "Keyword:IN Keyword:in Punctuation:( Keyword:NOT Keyword:IN Keyword:NOT NULL Keyword:AND Keyword:and Keyword:OR OrderKeyword:ASC OrderKeyword:desc Builtin:timestamp Builtin:date Name:name Name:status")]
    [InlineData("metrics.acc run.status a . b", "Name:metrics Punctuation:. Name:acc Name:run Punctuation:. Name:status Name:a Punctuation:. Name:b")]
    [InlineData("? %s %(x)s :name $x \\cmd @x ##x #x [x] # c", "Placeholder:? Placeholder:%s Placeholder:%(x)s Placeholder::name Placeholder:$x Other:\\cmd Operator:@ Name:x Operator:## Name:x Operator:# Name:x Name:[x] Comment:# c")]
    [InlineData("-- c\nx /* c */ y", "Comment:-- c\n Name:x Comment:/* c */ Name:y")]
    [InlineData("a;b,c(d)*e+f", "Name:a Punctuation:; Name:b Punctuation:, Name:c Punctuation:( Name:d Punctuation:) Wildcard:* Name:e Operator:+ Name:f")]
    [InlineData("é α_1 x$y#z 1abc", "Name:é Name:α_1 Name:x$y#z Name:1abc")]
    [InlineData("= != <> == >= <= =~ !~", "ComparisonOperator:= ComparisonOperator:!= ComparisonOperator:<> ComparisonOperator:== ComparisonOperator:>= ComparisonOperator:<= ComparisonOperator:=~ ComparisonOperator:!~")]
    [InlineData("LIKE ilike NOT LIKE not   ilike RLIKE REGEXP NOT REGEXP likes LIKE(", "ComparisonOperator:LIKE ComparisonOperator:ilike ComparisonOperator:NOT LIKE ComparisonOperator:not   ilike ComparisonOperator:RLIKE ComparisonOperator:REGEXP ComparisonOperator:NOT REGEXP Name:likes Name:LIKE Punctuation:(")]
    [InlineData("@xy ##xy #xy", "Name:@xy Name:##xy Name:#xy")]
    [InlineData("'open 'ab''", "StringSingle:'open ' Name:ab StringSingle:''")]
    [InlineData("'a''", "StringSingle:'a' Other:'")]
    [InlineData("'a\\''", "StringSingle:'a\\''")]
    [InlineData("'a\\\\''", "StringSingle:'a\\\\''")]
    [InlineData("'a\\'\\'", "StringSingle:'a\\'\\'")]
    [InlineData("x = 'a\\' AND y = 'b'", "Name:x ComparisonOperator:= StringSingle:'a\\' AND y = ' Name:b Other:'")]
    public void Tokenizes_like_sqlparse(string text, string expected)
    {
        Assert.Equal(expected, SqlTree.Tokens(text));
    }

    [Fact]
    public void Keeps_line_breaks_apart_from_other_whitespace()
    {
        var kinds = SqlLexer.Tokenize("a \t\r\n b").Select(token => token.Kind);
        Assert.Equal([SqlKind.Name, SqlKind.Whitespace, SqlKind.Newline, SqlKind.Whitespace, SqlKind.Name], kinds);
    }
}
