using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Statements and groups as sqlparse 0.5 builds them (checked against sqlparse itself).</summary>
public class SqlGrouperTests
{
    [Theory]
    [InlineData("metrics.rmse < 1 and params.model = 'lr'", "Comparison[Identifier[metrics . rmse] < 1] and Comparison[Identifier[params . model] = 'lr']")]
    [InlineData("attributes.run_id NOT IN ('abc','def')", "Identifier[attributes . run_id] NOT IN Parenthesis[( IdentifierList['abc' , 'def'] )]")]
    [InlineData("a = 1 = 2", "Comparison[Comparison[Identifier[a] = 1] = 2]")]
    [InlineData("metrics.a = 1 + 2 + 3", "Comparison[Identifier[metrics . a] = Operation[Operation[1 + 2] + 3]]")]
    [InlineData("tags.x.y.z = 'q'", "Comparison[Identifier[tags . x . y . z] = 'q']")]
    [InlineData("tags . x = 'a'", "Comparison[Identifier[tags . x] = 'a']")]
    [InlineData("`tags`.`my key` = 'v'", "Comparison[Identifier[`tags` . `my key`] = 'v']")]
    [InlineData("params.a = 'x' foo", "Identifier[Comparison[Identifier[params . a] = 'x'] Identifier[foo]]")]
    [InlineData("params.a foo = 'x'", "Identifier[params . a] Comparison[Identifier[foo] = 'x']")]
    [InlineData("a = 1, b = 2", "IdentifierList[Comparison[Identifier[a] = 1] , Comparison[Identifier[b] = 2]]")]
    [InlineData("metrics.a > 1 attributes.run_id IN ('a')", "Identifier[Comparison[Identifier[metrics . a] > 1] Identifier[attributes . run_id]] IN Parenthesis[( 'a' )]")]
    [InlineData("params.a = lower('x')", "Comparison[Identifier[params . a] = Function[Identifier[lower] Parenthesis[( 'x' )]]]")]
    [InlineData("params.a = foo ('x')", "Comparison[Identifier[params . a] = Function[Identifier[foo] Parenthesis[( 'x' )]]]")]
    [InlineData("params.a LIKE('x')", "Identifier[params . a] Function[Identifier[LIKE] Parenthesis[( 'x' )]]")]
    [InlineData("params.a = 'x' /* c */ and metrics.b > 1", "Comparison[Identifier[params . a] = 'x' CommentGroup[/* c */]] and Comparison[Identifier[metrics . b] > 1]")]
    [InlineData("params.a = 'x' -- c", "Comparison[Identifier[params . a] = 'x'] -- c")]
    [InlineData("metrics.a desc > 1", "Comparison[Identifier[Identifier[metrics . a] desc] > 1]")]
    [InlineData("metrics.acc DESC", "Identifier[Identifier[metrics . acc] DESC]")]
    [InlineData("metrics.acc ASC DESC", "Identifier[Identifier[Identifier[metrics . acc] ASC] DESC]")]
    [InlineData("metrics.acc foo bar", "Identifier[metrics . acc Identifier[foo]] Identifier[bar]")]
    [InlineData("timestamp DESC", "timestamp DESC")]
    [InlineData("(a = 1", "( Comparison[Identifier[a] = 1]")]
    [InlineData("a = 1)", "Comparison[Identifier[a] = 1] )")]
    [InlineData("((a = 1))", "Parenthesis[( Parenthesis[( Comparison[Identifier[a] = 1] )] )]")]
    [InlineData("run_id IN ('a', 'b' x)", "Identifier[run_id] IN Parenthesis[( IdentifierList['a' , 'b'] Identifier[x] )]")]
    [InlineData("run_id IN ('a',)", "Identifier[run_id] IN Parenthesis[( 'a' , )]")]
    [InlineData("params.a = 'x'; params.b = 'y'", "Comparison[Identifier[params . a] = 'x'] ; || Comparison[Identifier[params . b] = 'y']")]
    [InlineData("params.a = 'x';\n", "Comparison[Identifier[params . a] = 'x'] ;")]
    [InlineData("a = 1 GO b = 2", "Comparison[Identifier[a] = 1] GO || Comparison[Identifier[b] = 2]")]
    [InlineData("(a = 1; b = 2)", "Parenthesis[( Comparison[Identifier[a] = 1] ; Comparison[Identifier[b] = 2] )]")]
    [InlineData("params.a IS NOT NULL", "Identifier[params . a] IS NOT NULL")]
    [InlineData("params.a = NULL", "Comparison[Identifier[params . a] = NULL]")]
    [InlineData("metrics.a > 12_3", "Identifier[Comparison[Identifier[metrics . a] > 1] Identifier[2_3]]")]
    [InlineData("params.learning-rate = '0.1'", "Comparison[Operation[Identifier[params . learning] - Identifier[rate]] = '0.1']")]
    [InlineData("x = 1 -- a\n-- b\nAND y = 2", "Comparison[Identifier[x] = 1 CommentGroup[-- a\n -- b\n]] AND Comparison[Identifier[y] = 2]")]
    [InlineData("x = /* c */ 1", "Identifier[x] = CommentGroup[/* c */] 1")]
    [InlineData("NOT params.a = 'x'", "NOT Comparison[Identifier[params . a] = 'x']")]
    public void Groups_like_sqlparse(string text, string expected)
    {
        Assert.Equal(expected, SqlTree.Render(text));
    }

    [Fact]
    public void Refuses_parentheses_nested_past_the_limit()
    {
        var text = new string('(', SqlGrouper.MaxDepth + 1) + "a = 1" + new string(')', SqlGrouper.MaxDepth + 1);
        Assert.Throws<SqlParseException>(() => SqlParser.Parse(text));
    }

    [Fact]
    public void Refuses_expressions_nested_past_the_limit()
    {
        var text = "metrics.a = 1" + string.Concat(Enumerable.Repeat(" + 1", SqlGrouper.MaxDepth + 2));
        Assert.Throws<SqlParseException>(() => SqlParser.Parse(text));
    }

    [Fact]
    public void Groups_long_flat_filters()
    {
        var text = string.Join(" AND ", Enumerable.Range(0, 5_000).Select(i => $"params.p{i} = 'v{i}'"));
        var statement = Assert.Single(SqlParser.Parse(text));
        Assert.Equal(5_000, statement.Children!.Count(child => child.Kind == SqlKind.Comparison));
    }
}
