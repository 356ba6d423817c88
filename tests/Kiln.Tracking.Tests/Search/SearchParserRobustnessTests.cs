using System.Text;
using Kiln.Core;
using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Whatever a client sends, the parsers answer with clauses or an invalid-parameter error, nothing else.</summary>
public class SearchParserRobustnessTests
{
    private static readonly string[] Fragments =
    [
        "metrics", "params", "tags", "attributes", "datasets", "name", "run_id", "start_time", "version_number", "timestamp",
        ".", ".", " ", "  ", "\n", "\t", "=", "!=", "<", ">=", "LIKE", "ilike", "NOT", "IN", "AND", "OR", "IS", "NULL", "ASC", "desc",
        "'", "'x'", "''", "\"", "\"k\"", "`", "`k`", "(", ")", "(", ",", ";", "-", "--", "/*", "*/", "#", "# ", "\\", "\\x", "\\N{",
        "1", "-1", "1.5", ".5", "1e5", "0x1F", "12_3", "a", "b", "é", "😀", "\u0000", "\uD800", "$", "?", ":x", "%s", "[x]", "@ab",
        "*", "+", "::", ":=", "GO", "||", "('a', 'b')", "('A')", "()",
    ];

    [Fact]
    public void Never_throws_anything_but_invalid_parameter()
    {
        var random = new Random(20241008);
        for (var iteration = 0; iteration < 4_000; iteration++)
        {
            var text = new StringBuilder();
            var length = random.Next(1, 12);
            for (var i = 0; i < length; i++)
            {
                text.Append(Fragments[random.Next(Fragments.Length)]);
            }
            var input = text.ToString();
            Check(input, () => RunSearchParser.ParseFilter(input));
            Check(input, () => ExperimentSearchParser.ParseFilter(input));
            Check(input, () => RegisteredModelSearchParser.ParseFilter(input));
            Check(input, () => ModelVersionSearchParser.ParseFilter(input));
            Check(input, () => RunSearchParser.ParseOrderBy([input]));
            Check(input, () => ExperimentSearchParser.ParseOrderBy([input]));
            Check(input, () => RegisteredModelSearchParser.ParseOrderBy([input]));
            Check(input, () => ModelVersionSearchParser.ParseOrderBy([input]));
        }
    }

    [Fact]
    public void Handles_long_input()
    {
        var ids = string.Join(", ", Enumerable.Range(0, 50_000).Select(i => $"'run{i}'"));
        var clauses = RunSearchParser.ParseFilter($"attributes.run_id IN ({ids})");
        Assert.Equal(50_000, Assert.Single(clauses).Value.List!.Count);

        var deep = new string('(', 10_000);
        SearchAssert.Invalid(() => RunSearchParser.ParseFilter(deep + "a = 1"), $"Error on parsing filter '{deep}a = 1'");
        SearchAssert.Invalid(() => RunSearchParser.ParseOrderBy([deep]), $"Error on parsing order_by clause '{deep}'");
    }

    private static void Check(string input, Action parse)
    {
        try
        {
            parse();
        }
        catch (KilnException exception) when (exception.Code == ErrorCode.InvalidParameterValue)
        {
        }
        catch (Exception exception)
        {
            Assert.Fail($"{exception.GetType().Name} for {System.Text.Json.JsonSerializer.Serialize(input)}: {exception}");
        }
    }
}
