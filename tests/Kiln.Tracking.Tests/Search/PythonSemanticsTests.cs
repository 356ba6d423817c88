using Kiln.Core;
using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>The pieces of Python MLflow's parsing leans on: shlex, literal_eval of string tuples, islower, reprs.</summary>
public class PythonSemanticsTests
{
    [Theory]
    [InlineData("a b", "a|b")]
    [InlineData("  a   b  ", "a|b")]
    [InlineData("metrics.\"my metric\" DESC", "metrics.my metric|DESC")]
    [InlineData("'a b'c d", "a bc|d")]
    [InlineData("\"a\\\"b\\\\c\\d\"", "a\"b\\c\\d")]
    [InlineData("a\\ b", "a b")]
    [InlineData("\"\" x", "|x")]
    [InlineData("a\tb\nc", "a|b|c")]
    public void Splits_like_shlex(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", Shlex.Split(text)));
    }

    [Theory]
    [InlineData("\"a")]
    [InlineData("'a")]
    [InlineData("a\\")]
    public void Fails_like_shlex(string text)
    {
        Assert.Throws<FormatException>(() => Shlex.Split(text));
    }

    [Theory]
    [InlineData("('a')", "a")]
    [InlineData("('a',)", "a")]
    [InlineData("('a', 'b')", "a|b")]
    [InlineData("( 'a' ,\n 'b' , )", "a|b")]
    [InlineData("('a' 'b' \"c\")", "abc")]
    [InlineData("('''a''b''')", "a''b")]
    [InlineData("('it''s')", "its")]
    [InlineData("('\\n\\t\\\\\\'\\\"')", "\n\t\\'\"")]
    [InlineData("('\\x41\\u00e9\\U0001F600\\101\\7')", "Aé😀A\a")]
    [InlineData("('\\d')", "\\d")]
    [InlineData("('a', # note\n 'b')", "a|b")]
    [InlineData("()", "")]
    public void Evaluates_string_tuples_like_literal_eval(string text, string expected)
    {
        Assert.Equal(expected, string.Join("|", PythonStringTuple.Evaluate(text)!));
    }

    [Theory]
    [InlineData("('a'")]
    [InlineData("('a' b)")]
    [InlineData("('a',, 'b')")]
    [InlineData("('a\nb')")]
    [InlineData("('\\x4')")]
    [InlineData("('\\U00110000')")]
    [InlineData("('\\N{BULLET}')")]
    [InlineData("('a') x")]
    [InlineData("(1)")]
    public void Rejects_what_literal_eval_rejects(string text)
    {
        Assert.Null(PythonStringTuple.Evaluate(text));
    }

    [Theory]
    [InlineData("abc", true)]
    [InlineData("a1-b2", true)]
    [InlineData("é", true)]
    [InlineData("aBc", false)]
    [InlineData("123", false)]
    [InlineData("", false)]
    [InlineData("ǅ", false)]
    public void Tells_lower_case_like_str_islower(string value, bool expected)
    {
        Assert.Equal(expected, PythonStrings.IsLower(value));
    }

    [Fact]
    public void Prints_sets_and_tuples_like_python()
    {
        Assert.Equal("{'a', 'b'}", PythonRepr.Set(["a", "b"]));
        Assert.Equal("set()", PythonRepr.Set([]));
        Assert.Equal("{\"it's\"}", PythonRepr.Set(["it's"]));
        Assert.Equal("('attribute', 'tag', 'tags')", PythonRepr.Tuple(["attribute", "tag", "tags"]));
        Assert.Equal("('a',)", PythonRepr.Tuple(["a"]));
    }
}
