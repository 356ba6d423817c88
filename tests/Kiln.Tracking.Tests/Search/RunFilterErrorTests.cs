using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Every way a <c>runs/search</c> filter fails, with MLflow's message.</summary>
public class RunFilterErrorTests
{
    [Theory]
    // Anything but comparisons and AND at the top level; each offending token is quoted.
    [InlineData("metrics.a > 1 OR params.b = 'x'", "Invalid clause(s) in filter string: 'OR'")]
    [InlineData("metrics.a > 1 or params.b = 'x' or tags.c = 'y'", "Invalid clause(s) in filter string: 'or', 'or'")]
    [InlineData("(metrics.a > 1)", "Invalid clause(s) in filter string: '(metrics.a > 1)'")]
    [InlineData("NOT metrics.a > 1", "Invalid clause(s) in filter string: 'NOT'")]
    [InlineData(
        "metrics.a > 1 AND (params.b = 'x' OR params.c = 'y')",
        "Invalid clause(s) in filter string: '(params.b = 'x' OR params.c = 'y')'")]
    [InlineData("metrics.a > 1, params.b = 'x'", "Invalid clause(s) in filter string: 'metrics.a > 1, params.b = 'x''")]
    [InlineData("metrics.a > 1;", "Invalid clause(s) in filter string: ';'")]
    [InlineData("tags.x", "Invalid clause(s) in filter string: 'tags.x'")]
    [InlineData("metrics.a > 1 AND tags.x", "Invalid clause(s) in filter string: 'tags.x'")]
    [InlineData("tags.x AND b IN ('a')", "Invalid clause(s) in filter string: 'tags.x', 'b', 'IN', '('a')'")]
    [InlineData("metrics.a > 1 -- note", "Invalid clause(s) in filter string: '-- note'")]
    [InlineData("params.a = 'abc", "Invalid clause(s) in filter string: 'params.a', '=', ''', 'abc'")]
    [InlineData("params.a IS NULL", "Invalid clause(s) in filter string: 'params.a', 'IS', 'NULL'")]
    [InlineData("params.a IS NOT NULL", "Invalid clause(s) in filter string: 'params.a', 'IS', 'NOT NULL'")]
    [InlineData("params.a > = 'x'", "Invalid clause(s) in filter string: 'params.a', '>', '=', ''x''")]
    [InlineData("metrics.a > 0x1F", "Invalid clause(s) in filter string: 'metrics.a', '>', '0x1F'")]
    [InlineData("metrics.a > 1 extra", "Invalid clause(s) in filter string: 'metrics.a > 1 extra'")]
    [InlineData("attributes.run_id IN 'abc'", "Invalid clause(s) in filter string: 'attributes.run_id', 'IN', ''abc''")]
    // Statements.
    [InlineData(
        "metrics.a > 1; params.b = 'x'",
        "Search filter contained multiple expression 'metrics.a > 1; params.b = 'x''. Provide AND-ed expression list.")]
    // Comparisons whose left side is no identifier, or that carry a comment.
    [InlineData("1 = 1", "Invalid comparison clause. Expected 'Identifier' found '1'")]
    [InlineData("'a' = 'b'", "Invalid comparison clause. Expected 'Identifier' found ''a''")]
    [InlineData("metrics.a = 1 = 2", "Invalid comparison clause. Expected 'Identifier' found 'metrics.a = 1'")]
    [InlineData("params.learning-rate = '0.1'", "Invalid comparison clause. Expected 'Identifier' found 'params.learning-rate'")]
    [InlineData("metrics.a > 1 /* why */ AND params.b = 'x'", "Invalid comparison clause. Expected 3 tokens found 4")]
    [InlineData(
        "params.a = 'x' && params.b = 'y'",
        "Invalid comparison clause. Expected 'Identifier' found 'params.a = 'x' && params.b'")]
    // Identifiers.
    [InlineData("foo.a = 'x'", "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']")]
    [InlineData("`foo`.a = 'x'", "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']")]
    [InlineData("Metrics.a > 1", "Invalid entity type 'Metrics'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']")]
    // Values.
    [InlineData("metrics.a > 'x'", "Expected numeric value type for metric. Found 'x'")]
    [InlineData("metrics.a > abc", "Expected numeric value type for metric. Found abc")]
    [InlineData("metrics.a > 1e+5", "Expected numeric value type for metric. Found 1e+5")]
    [InlineData("metrics.a IN (1, 2)", "Expected numeric value type for metric. Found (1, 2)")]
    [InlineData("params.a = 1", "Expected a quoted string value for parameter (e.g. 'my-value'). Got value 1")]
    [InlineData("params.a IN ('x')", "Expected a quoted string value for parameter (e.g. 'my-value'). Got value ('x')")]
    [InlineData("params.a NOT IN ('x')", "Expected a quoted string value for parameter (e.g. 'my-value'). Got value ('x')")]
    [InlineData("params.a = NULL", "Expected a quoted string value for parameter (e.g. 'my-value'). Got value NULL")]
    [InlineData("tags.a = 1.5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 1.5")]
    [InlineData(
        "params.a = abc",
        "Parameter value is either not quoted or unidentified quote types used for string value abc. Use either single or double quotes.")]
    [InlineData(
        "tags.a = `abc`",
        "Parameter value is either not quoted or unidentified quote types used for string value `abc`. Use either single or double quotes.")]
    [InlineData(
        "status = FINISHED",
        "Parameter value is either not quoted or unidentified quote types used for string value FINISHED. Use either single or double quotes.")]
    [InlineData("start_time > 'x'", "Expected numeric value type for numeric attribute: start_time. Found 'x'")]
    [InlineData("created > abc", "Expected numeric value type for numeric attribute: created. Found abc")]
    [InlineData("attributes.end_time IN (1)", "Expected numeric value type for numeric attribute: end_time. Found (1)")]
    [InlineData("status = 5", "Expected a quoted string value for attributes. Got value 5")]
    [InlineData("status IN ('a')", "Only the 'run_id' attribute supports comparison with a list of quoted string values.")]
    [InlineData("run_name NOT IN ('a')", "Only the 'run_id' attribute supports comparison with a list of quoted string values.")]
    [InlineData("datasets.name = 5", "Expected a quoted string value for dataset attributes. Got value 5")]
    // Lists.
    [InlineData("run_id IN ()", "While parsing a list in the query, expected a non-empty list of string values, but got empty list")]
    [InlineData("run_id IN ( 'a')", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData("run_id IN ( )", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData("run_id IN ('a',)", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData("run_id IN ('a' 'b')", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData("run_id IN (\"a\")", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData("run_id IN ('a', 'b' x)", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData("run_id IN ('a\\x4', 'b')", "While parsing a list in the query, expected a non-empty list of string values, but got ill-formed list.")]
    [InlineData(
        "run_id IN ('a', 1)",
        "While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ('a', 1)")]
    [InlineData(
        "run_id IN ('a', \"b\")",
        "While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ('a', \"b\")")]
    [InlineData(
        "datasets.digest IN ('a',\n'b')",
        "While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list: ('a',\n'b')")]
    // The SQL store's comparator checks, with MLflow's inconsistent closing quotes (sets printed in source order).
    [InlineData("metrics.a LIKE 1", "Invalid comparator 'LIKE' not one of '{'>', '>=', '!=', '=', '<', '<='}")]
    [InlineData("params.a > 'x'", "Invalid comparator '>' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'")]
    [InlineData("tags.a < 'x'", "Invalid comparator '<' not one of '{'!=', '=', 'LIKE', 'ILIKE'}")]
    [InlineData("status > 'x'", "Invalid comparator '>' not one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}'")]
    [InlineData("start_time LIKE 5", "Invalid comparator 'LIKE' not one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}")]
    [InlineData("datasets.name >= 'x'", "Invalid comparator '>=' not one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}")]
    [InlineData("params.a == 'x'", "Invalid comparator '==' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'")]
    [InlineData("params.a <> 'x'", "Invalid comparator '<>' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'")]
    [InlineData("params.a not  like 'x'", "Invalid comparator 'NOT  LIKE' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'")]
    [InlineData("params.a rlike 'x'", "Invalid comparator 'RLIKE' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'")]
    [InlineData("params.a REGEXP 'x'", "Invalid comparator 'REGEXP' not one of '{'!=', '=', 'LIKE', 'ILIKE'}'")]
    [InlineData("metrics.a =~ 1", "Invalid comparator '=~' not one of '{'>', '>=', '!=', '=', '<', '<='}")]
    // Every clause is read before any comparator is checked.
    [InlineData("params.a > 'x' AND metrics.b = 'y'", "Expected numeric value type for metric. Found 'y'")]
    // Where MLflow fails inside the database (a 500), Kiln says why.
    [InlineData("run_id = ('a', 'b')", "Invalid comparator '=' for a list of values. Only 'IN' and 'NOT IN' compare with a list.")]
    [InlineData("datasets.name LIKE ('a')", "Invalid comparator 'LIKE' for a list of values. Only 'IN' and 'NOT IN' compare with a list.")]
    public void Rejects_with_mlflows_message(string filter, string message)
    {
        SearchAssert.Invalid(() => RunSearchParser.ParseFilter(filter), message);
    }

    [Theory]
    [InlineData("foo = 'x'", "Invalid attribute key 'foo' specified. Valid keys are '{")]
    [InlineData("attributes.experiment_id = '1'", "Invalid attribute key 'experiment_id' specified. Valid keys are '{")]
    [InlineData("attributes.lifecycle_stage = 'active'", "Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{")]
    [InlineData("attributes.\"run_id \" = 'x'", "Invalid attribute key 'run_id ' specified. Valid keys are '{")]
    [InlineData("datasets.source = 'x'", "Invalid dataset key 'source' specified. Valid keys are '{")]
    public void Rejects_unknown_keys_listing_the_valid_ones(string filter, string prefix)
    {
        SearchAssert.InvalidStartingWith(() => RunSearchParser.ParseFilter(filter), prefix);
    }

    [Fact]
    public void Lists_every_searchable_attribute()
    {
        SearchAssert.Invalid(
            () => RunSearchParser.ParseFilter("foo = 'x'"),
            "Invalid attribute key 'foo' specified. Valid keys are '{'artifact_uri', 'end_time', 'run_id', 'run_name', 'start_time', "
            + "'status', 'user_id', 'created', 'Created', 'run name', 'Run name', 'Run Name'}'");
    }

    [Fact]
    public void Reports_nesting_too_deep_to_parse()
    {
        var filter = new string('(', 200) + "metrics.a > 1" + new string(')', 200);
        SearchAssert.Invalid(() => RunSearchParser.ParseFilter(filter), $"Error on parsing filter '{filter}'");
    }
}
