using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary><c>experiments/search</c> filters and order_by clauses.</summary>
public class ExperimentSearchParserTests
{
    [Theory]
    [InlineData("name = 'x'", "Attribute name Equal 'x'")]
    [InlineData("attribute.name != \"x\"", "Attribute name NotEqual 'x'")]
    [InlineData("name LIKE 'prod%'", "Attribute name Like 'prod%'")]
    [InlineData("name ILIKE '%Prod%'", "Attribute name ILike '%Prod%'")]
    [InlineData("name like 'prod%'", "Attribute name Like 'prod%'")]
    [InlineData("`name` = 'x'", "Attribute name Equal 'x'")]
    [InlineData("\"name\" = 'x'", "Attribute name Equal 'x'")]
    [InlineData("creation_time > 1700000000000", "Attribute creation_time Greater 1700000000000")]
    [InlineData("last_update_time <= 1.5e3", "Attribute last_update_time LessOrEqual 1500")]
    [InlineData("attribute.creation_time != -1", "Attribute creation_time NotEqual -1")]
    [InlineData("tags.team = 'ml'", "Tag team Equal 'ml'")]
    [InlineData("tag.team LIKE 'm%'", "Tag team Like 'm%'")]
    [InlineData("tags.`my key` ILIKE 'v'", "Tag my key ILike 'v'")]
    [InlineData("tags.\"mlflow.note.content\" != 'x'", "Tag mlflow.note.content NotEqual 'x'")]
    [InlineData("name LIKE 'prod%' and tags.team = 'ml'", "Attribute name Like 'prod%' AND Tag team Equal 'ml'")]
    [InlineData("name = 'a' AND creation_time >= 5 AND tags.k = 'v'", "Attribute name Equal 'a' AND Attribute creation_time GreaterOrEqual 5 AND Tag k Equal 'v'")]
    public void Parses_a_filter(string filter, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(ExperimentSearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Reads_an_empty_or_blank_filter_as_no_clauses(string? filter)
    {
        Assert.Empty(ExperimentSearchParser.ParseFilter(filter));
    }

    [Theory]
    [InlineData("name = 'x' OR name = 'y'", "Invalid clause(s) in filter string: OR")]
    [InlineData("name = 'x' AND (name = 'y')", "Invalid clause(s) in filter string: (name = 'y')")]
    [InlineData("name = 'x' AND tags.k", "Invalid clause(s) in filter string: tags.k")]
    [InlineData("name IS NULL", "Invalid clause(s) in filter string: name, IS, NULL")]
    [InlineData("name = 'x'; name = 'y'", "Search filter contained multiple expression 'name = 'x'; name = 'y''. Provide AND-ed expression list.")]
    [InlineData("'x' = name", "Invalid comparison clause. Expected 'Identifier' found ''x''")]
    [InlineData("metrics.a > 1", "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')")]
    [InlineData("attributes.name = 'x'", "Invalid entity type 'attributes'. Valid entity types are ('attribute', 'tag', 'tags')")]
    [InlineData("`tags`.k = 'v'", "Invalid entity type '`tags`'. Valid entity types are ('attribute', 'tag', 'tags')")]
    [InlineData("name = 5", "Expected a quoted string value for attributes. Got value 5")]
    [InlineData("name IN ('a')", "Only the 'run_id' attribute supports comparison with a list of quoted string values.")]
    [InlineData("name = abc", "Parameter value is either not quoted or unidentified quote types used for string value abc. Use either single or double quotes.")]
    [InlineData("creation_time > 'x'", "Expected numeric value type for numeric attribute: creation_time. Found 'x'")]
    [InlineData("tags.k = 5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 5")]
    [InlineData("tags.k IN ('a')", "Expected a quoted string value for tag (e.g. 'my-value'). Got value ('a')")]
    [InlineData("name > 'x'", "Invalid comparator '>' not one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}'")]
    [InlineData("name not like 'x'", "Invalid comparator 'not like' not one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}'")]
    [InlineData("creation_time LIKE 5", "Invalid comparator 'LIKE' not one of '{'!=', '=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'}")]
    [InlineData("tags.k > 'x'", "Invalid comparator for tag: >")]
    [InlineData("tags.k not like 'x'", "Invalid comparator for tag: not like")]
    public void Rejects_with_mlflows_message(string filter, string message)
    {
        SearchAssert.Invalid(() => ExperimentSearchParser.ParseFilter(filter), message);
    }

    [Theory]
    [InlineData("experiment_id = '1'", "Invalid attribute key 'experiment_id' specified. Valid keys are '{")]
    [InlineData("lifecycle_stage = 'active'", "Invalid attribute key 'lifecycle_stage' specified. Valid keys are '{")]
    public void Rejects_unknown_attributes_listing_the_valid_ones(string filter, string prefix)
    {
        SearchAssert.InvalidStartingWith(() => ExperimentSearchParser.ParseFilter(filter), prefix);
    }

    [Theory]
    [InlineData("name", "Attribute name ASC")]
    [InlineData("name DESC", "Attribute name DESC")]
    [InlineData("experiment_id ASC", "Attribute experiment_id ASC")]
    [InlineData("creation_time desc", "Attribute creation_time DESC")]
    [InlineData("last_update_time", "Attribute last_update_time ASC")]
    [InlineData("attribute.name DESC", "Attribute name DESC")]
    [InlineData("`name`", "Attribute name ASC")]
    [InlineData("\"name\" ASC", "Attribute name ASC")]
    public void Parses_an_order_by_clause(string clause, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(ExperimentSearchParser.ParseOrderBy([clause])));
    }

    [Fact]
    public void Keeps_order_by_clauses_in_order()
    {
        Assert.Equal(
            "Attribute last_update_time DESC, Attribute name ASC",
            SearchAssert.Render(ExperimentSearchParser.ParseOrderBy(["last_update_time DESC", "name"])));
        Assert.Empty(ExperimentSearchParser.ParseOrderBy(null));
    }

    [Theory]
    [InlineData("tags.team", "Invalid order_by entity: tag")]
    [InlineData("tag.team DESC", "Invalid order_by entity: tag")]
    [InlineData("metrics.a", "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')")]
    [InlineData("name DESC ASC", "Invalid order_by clause 'name DESC ASC'. Could not be parsed.")]
    [InlineData("name up", "Invalid ordering key in order_by clause 'name up'.")]
    public void Rejects_order_by_clauses_with_mlflows_message(string clause, string message)
    {
        SearchAssert.Invalid(() => ExperimentSearchParser.ParseOrderBy([clause]), message);
    }

    [Fact]
    public void Rejects_unknown_order_by_attributes_listing_the_valid_ones()
    {
        SearchAssert.Invalid(
            () => ExperimentSearchParser.ParseOrderBy(["foo"]),
            "Invalid attribute key 'foo' specified. Valid keys are '{'name', 'experiment_id', 'creation_time', 'last_update_time'}'");
    }
}
