using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary><c>registered-models/search</c> filters and order_by clauses.</summary>
public class RegisteredModelSearchParserTests
{
    [Theory]
    [InlineData("name = 'm'", "Attribute name Equal 'm'")]
    [InlineData("name='it''s'", "Attribute name Equal 'it''s'")]
    [InlineData("attribute.name != \"m\"", "Attribute name NotEqual 'm'")]
    [InlineData("name LIKE 'prod%'", "Attribute name Like 'prod%'")]
    [InlineData("name ilike '%Prod%'", "Attribute name ILike '%Prod%'")]
    [InlineData("tags.team = 'ml'", "Tag team Equal 'ml'")]
    [InlineData("tag.`my key` like 'v%'", "Tag my key Like 'v%'")]
    [InlineData("tags.\"k\" != 'v'", "Tag k NotEqual 'v'")]
    [InlineData("name LIKE 'prod%' and tags.team = 'ml'", "Attribute name Like 'prod%' AND Tag team Equal 'ml'")]
    [InlineData("tags.a = '1' AND tags.b = '2'", "Tag a Equal '1' AND Tag b Equal '2'")]
    public void Parses_a_filter(string filter, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(RegisteredModelSearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(" ")]
    public void Reads_an_empty_or_blank_filter_as_no_clauses(string? filter)
    {
        Assert.Empty(RegisteredModelSearchParser.ParseFilter(filter));
    }

    [Theory]
    [InlineData("name = 'a' OR name = 'b'", "Invalid clause(s) in filter string: OR")]
    [InlineData("name = 'a';", "Invalid clause(s) in filter string: ;")]
    [InlineData("\"name\" = 'x'", "Invalid attribute key '\"name\"' specified. Valid keys are '{'name'}'")]
    [InlineData("`name` = 'x'", "Invalid attribute key '`name`' specified. Valid keys are '{'name'}'")]
    [InlineData("run_id = 'x'", "Invalid attribute key 'run_id' specified. Valid keys are '{'name'}'")]
    [InlineData("metrics.a = 1", "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')")]
    [InlineData("name = 5", "Expected a quoted string value or a list of quoted string values for attributes. Got value 5")]
    [InlineData("name IN ('a')", "Only the 'run_id' attribute supports comparison with a list of quoted string values.")]
    [InlineData("tags.k = 5", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 5")]
    [InlineData("tags.k IN ('a')", "Expected a quoted string value for tag (e.g. 'my-value'). Got value ('a')")]
    [InlineData("tags.k = v", "Parameter value is either not quoted or unidentified quote types used for string value v. Use either single or double quotes.")]
    [InlineData("name > 'a'", "Invalid comparator for attribute: >")]
    [InlineData("name not like 'a'", "Invalid comparator for attribute: NOT LIKE")]
    [InlineData("tags.k >= 'a'", "Invalid comparator for tag: >=")]
    public void Rejects_with_mlflows_message(string filter, string message)
    {
        SearchAssert.Invalid(() => RegisteredModelSearchParser.ParseFilter(filter), message);
    }

    [Theory]
    [InlineData("name", "Attribute name ASC")]
    [InlineData("name ASC", "Attribute name ASC")]
    [InlineData("name desc", "Attribute name DESC")]
    [InlineData("timestamp", "Attribute last_updated_timestamp ASC")]
    [InlineData("timestamp DESC", "Attribute last_updated_timestamp DESC")]
    [InlineData("timestamp  asc", "Attribute last_updated_timestamp ASC")]
    [InlineData("last_updated_timestamp DESC", "Attribute last_updated_timestamp DESC")]
    [InlineData("\"name\" DESC", "Attribute name DESC")]
    public void Parses_an_order_by_clause(string clause, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(RegisteredModelSearchParser.ParseOrderBy([clause])));
    }

    [Fact]
    public void Keeps_order_by_clauses_in_order()
    {
        Assert.Equal(
            "Attribute last_updated_timestamp DESC, Attribute name ASC",
            SearchAssert.Render(RegisteredModelSearchParser.ParseOrderBy(["timestamp DESC", "name"])));
        Assert.Empty(RegisteredModelSearchParser.ParseOrderBy(null));
    }

    [Theory]
    [InlineData("creation_timestamp", "Invalid order by key 'creation_timestamp' specified. Valid keys are '{")]
    [InlineData("attribute.name", "Invalid order by key 'attribute.name' specified. Valid keys are '{")]
    [InlineData("\"name\"", "Invalid order by key '\"name\"' specified. Valid keys are '{")]
    public void Rejects_unknown_order_by_keys(string clause, string prefix)
    {
        SearchAssert.InvalidStartingWith(() => RegisteredModelSearchParser.ParseOrderBy([clause]), prefix);
    }

    [Theory]
    [InlineData("TIMESTAMP", "Invalid order_by clause 'TIMESTAMP'. Could not be parsed.")]
    [InlineData("timestamp x", "Invalid order_by clause 'timestamp x'. Could not be parsed.")]
    [InlineData("name x", "Invalid ordering key in order_by clause 'name x'.")]
    public void Rejects_order_by_clauses_with_mlflows_message(string clause, string message)
    {
        SearchAssert.Invalid(() => RegisteredModelSearchParser.ParseOrderBy([clause]), message);
    }

    [Fact]
    public void Names_the_recommended_keys()
    {
        SearchAssert.Invalid(
            () => RegisteredModelSearchParser.ParseOrderBy(["version"]),
            "Invalid order by key 'version' specified. Valid keys are '{'name', 'timestamp'}'");
    }

    [Theory]
    [InlineData("timestamp", "last_updated_timestamp DESC")]
    [InlineData("name", "name DESC")]
    public void Rejects_the_same_field_twice(string first, string second)
    {
        SearchAssert.Invalid(
            () => RegisteredModelSearchParser.ParseOrderBy([first, second]),
            $"`order_by` contains duplicate fields: ['{first}', '{second}']");
    }
}
