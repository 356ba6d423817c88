using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary><c>model-versions/search</c> filters and order_by clauses.</summary>
public class ModelVersionSearchParserTests
{
    [Theory]
    [InlineData("name = 'm'", "Attribute name Equal 'm'")]
    [InlineData("name='m'", "Attribute name Equal 'm'")]
    [InlineData("run_id='0a1b2c3d4e5f'", "Attribute run_id Equal '0a1b2c3d4e5f'")]
    [InlineData("name='m' and version_number>1", "Attribute name Equal 'm' AND Attribute version_number Greater 1")]
    [InlineData("name = 'm' AND version_number > 2", "Attribute name Equal 'm' AND Attribute version_number Greater 2")]
    [InlineData("run_id = 'abc'", "Attribute run_id Equal 'abc'")]
    [InlineData("run_id IN ('abc', 'def')", "Attribute run_id In ('abc', 'def')")]
    [InlineData("run_id in ('abc', 'DEF')", "Attribute run_id In ('abc')")]
    [InlineData("source_path LIKE 's3://bucket/%'", "Attribute source_path Like 's3://bucket/%'")]
    [InlineData("attribute.name ilike 'm%'", "Attribute name ILike 'm%'")]
    [InlineData("version_number = 3", "Attribute version_number Equal 3")]
    [InlineData("version_number <= 1.5", "Attribute version_number LessOrEqual 1.5")]
    [InlineData("version_number != '3'", "Attribute version_number NotEqual 3")]
    [InlineData("tags.`k` = 'v'", "Tag k Equal 'v'")]
    [InlineData("tag.k LIKE 'v%'", "Tag k Like 'v%'")]
    public void Parses_a_filter(string filter, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(ModelVersionSearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("\t")]
    public void Reads_an_empty_or_blank_filter_as_no_clauses(string? filter)
    {
        Assert.Empty(ModelVersionSearchParser.ParseFilter(filter));
    }

    [Theory]
    [InlineData("name = 'a' OR run_id = 'b'", "Invalid clause(s) in filter string: OR")]
    [InlineData("metrics.a = 1", "Invalid entity type 'metrics'. Valid entity types are ('attribute', 'tag', 'tags')")]
    [InlineData("name IN ('a')", "Only the 'run_id' attribute supports comparison with a list of quoted string values.")]
    [InlineData("name = NULL", "Expected a quoted string value or a list of quoted string values for attributes. Got value NULL")]
    [InlineData("tags.k = 1", "Expected a quoted string value for tag (e.g. 'my-value'). Got value 1")]
    [InlineData("run_id NOT IN ('a')", "Invalid comparator for attribute: NOT IN")]
    [InlineData("name > 'a'", "Invalid comparator for attribute: >")]
    [InlineData("source_path not like 'a'", "Invalid comparator for attribute: NOT LIKE")]
    [InlineData("version_number LIKE '1%'", "Invalid comparator for attribute version_number: LIKE")]
    [InlineData("tags.k < 'a'", "Invalid comparator for tag: <")]
    [InlineData("version_number = 'abc'", "Expected numeric value type for numeric attribute: version_number. Found 'abc'")]
    [InlineData("run_id = ('a')", "Invalid comparator '=' for a list of values. Only 'IN' and 'NOT IN' compare with a list.")]
    public void Rejects_with_mlflows_message(string filter, string message)
    {
        SearchAssert.Invalid(() => ModelVersionSearchParser.ParseFilter(filter), message);
    }

    [Theory]
    [InlineData("creation_timestamp > 1", "Invalid attribute key 'creation_timestamp' specified. Valid keys are '{")]
    [InlineData("source = 'x'", "Invalid attribute key 'source' specified. Valid keys are '{")]
    [InlineData("\"name\" = 'x'", "Invalid attribute key '\"name\"' specified. Valid keys are '{")]
    [InlineData("name = 5", "Only the '{")]
    public void Rejects_listing_a_python_set(string filter, string prefix)
    {
        SearchAssert.InvalidStartingWith(() => ModelVersionSearchParser.ParseFilter(filter), prefix);
    }

    [Fact]
    public void Names_the_numeric_attributes()
    {
        SearchAssert.Invalid(
            () => ModelVersionSearchParser.ParseFilter("run_id = 5"),
            "Only the '{'version_number', 'creation_timestamp', 'last_updated_timestamp'}' attributes support comparison with numeric values.");
    }

    [Theory]
    [InlineData("name", "Attribute name ASC")]
    [InlineData("version_number DESC", "Attribute version_number DESC")]
    [InlineData("creation_timestamp ASC", "Attribute creation_timestamp ASC")]
    [InlineData("last_updated_timestamp desc", "Attribute last_updated_timestamp DESC")]
    [InlineData("attribute.name", "Attribute name ASC")]
    [InlineData("tags.name DESC", "Attribute name DESC")]
    public void Parses_an_order_by_clause(string clause, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(ModelVersionSearchParser.ParseOrderBy([clause])));
    }

    [Fact]
    public void Keeps_order_by_clauses_in_order()
    {
        Assert.Equal(
            "Attribute last_updated_timestamp DESC, Attribute name ASC, Attribute version_number DESC",
            SearchAssert.Render(ModelVersionSearchParser.ParseOrderBy(["last_updated_timestamp DESC", "name ASC", "version_number DESC"])));
        Assert.Empty(ModelVersionSearchParser.ParseOrderBy([]));
    }

    [Theory]
    [InlineData("timestamp", "Invalid attribute key 'timestamp' specified. Valid keys are '{")]
    [InlineData("run_id", "Invalid attribute key 'run_id' specified. Valid keys are '{")]
    [InlineData("tags.foo", "Invalid order by key 'foo' specified. Valid keys are {")]
    public void Rejects_unknown_order_by_keys(string clause, string prefix)
    {
        SearchAssert.InvalidStartingWith(() => ModelVersionSearchParser.ParseOrderBy([clause]), prefix);
    }

    [Fact]
    public void Rejects_the_same_field_twice()
    {
        SearchAssert.Invalid(
            () => ModelVersionSearchParser.ParseOrderBy(["version_number", "name", "version_number DESC"]),
            "`order_by` contains duplicate fields: ['version_number', 'name', 'version_number DESC']");
    }
}
