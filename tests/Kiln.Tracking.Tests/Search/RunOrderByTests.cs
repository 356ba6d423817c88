using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary><c>runs/search</c> order_by clauses.</summary>
public class RunOrderByTests
{
    [Theory]
    [InlineData("metrics.acc", "Metric acc ASC")]
    [InlineData("metrics.acc DESC", "Metric acc DESC")]
    [InlineData("metrics.acc desc", "Metric acc DESC")]
    [InlineData("metrics.acc ASC", "Metric acc ASC")]
    [InlineData("metrics.acc   aSc", "Metric acc ASC")]
    [InlineData("metric.acc DESC", "Metric acc DESC")]
    [InlineData("params.lr DESC", "Param lr DESC")]
    [InlineData("tags.team", "Tag team ASC")]
    [InlineData("tags.mlflow.runName DESC", "Tag mlflow.runName DESC")]
    [InlineData("attributes.start_time DESC", "Attribute start_time DESC")]
    [InlineData("start_time", "Attribute start_time ASC")]
    [InlineData("created DESC", "Attribute start_time DESC")]
    [InlineData("attributes.Created", "Attribute start_time ASC")]
    [InlineData("run_name", "Attribute run_name ASC")]
    [InlineData("attr.status ASC", "Attribute status ASC")]
    [InlineData("run.end_time", "Attribute end_time ASC")]
    [InlineData("attributes.run_id", "Attribute run_id ASC")]
    [InlineData("metrics.`val loss` DESC", "Metric val loss DESC")]
    [InlineData("metrics.`val loss`", "Metric val loss ASC")]
    [InlineData("metrics.\"val loss\"", "Metric val loss ASC")]
    [InlineData("metrics.\"val loss\" DESC", "Metric val loss DESC")]
    [InlineData("`metrics`.acc", "Metric acc ASC")]
    [InlineData("`metrics`.acc DESC", "Metric acc DESC")]
    [InlineData("metrics.a.b DESC", "Metric a.b DESC")]
    [InlineData("params.`a-b` DESC", "Param a-b DESC")]
    public void Parses_a_clause(string clause, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(RunSearchParser.ParseOrderBy([clause])));
    }

    [Fact]
    public void Keeps_clauses_in_order()
    {
        var clauses = RunSearchParser.ParseOrderBy(["metrics.acc DESC", "params.lr", "start_time ASC", "tags.lr"]);
        Assert.Equal("Metric acc DESC, Param lr ASC, Attribute start_time ASC, Tag lr ASC", SearchAssert.Render(clauses));
    }

    [Fact]
    public void Reads_no_clauses_as_none()
    {
        Assert.Empty(RunSearchParser.ParseOrderBy(null));
        Assert.Empty(RunSearchParser.ParseOrderBy([]));
    }

    [Theory]
    [InlineData(" metrics.acc", "Invalid order_by clause ' metrics.acc'. Could not be parsed.")]
    [InlineData("metrics.acc ", "Invalid order_by clause 'metrics.acc '. Could not be parsed.")]
    [InlineData("", "Invalid order_by clause ''. Could not be parsed.")]
    [InlineData("metrics.acc DESC ASC", "Invalid order_by clause 'metrics.acc DESC ASC'. Could not be parsed.")]
    [InlineData("metrics.acc, params.b", "Invalid order_by clause 'metrics.acc, params.b'. Could not be parsed.")]
    [InlineData("metrics.acc foo bar", "Invalid order_by clause 'metrics.acc foo bar'. Could not be parsed.")]
    [InlineData("metrics.val-loss", "Invalid order_by clause 'metrics.val-loss'. Could not be parsed.")]
    [InlineData("metrics.acc; params.b", "Invalid order_by clause 'metrics.acc; params.b'. Could not be parsed.")]
    [InlineData("metrics.acc DESC NULLS LAST", "Invalid order_by clause 'metrics.acc DESC NULLS LAST'. Could not be parsed.")]
    [InlineData("metrics.acc foo", "Invalid ordering key in order_by clause 'metrics.acc foo'.")]
    [InlineData("metrics.acc descending", "Invalid ordering key in order_by clause 'metrics.acc descending'.")]
    [InlineData("foo.acc", "Invalid entity type 'foo'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']")]
    [InlineData("datasets.name", "Invalid identifier type 'dataset'")]
    [InlineData("metrics.`a\"b`", "Error on parsing order_by clause 'metrics.`a\"b`'")]
    public void Rejects_with_mlflows_message(string clause, string message)
    {
        SearchAssert.Invalid(() => RunSearchParser.ParseOrderBy([clause]), message);
    }

    [Theory]
    [InlineData("foo", "Invalid attribute key 'foo' specified. Valid keys are '{")]
    [InlineData("timestamp", "Invalid attribute key 'timestamp' specified. Valid keys are '{")]
    [InlineData("attributes.`run name`", "Invalid attribute key 'run name' specified. Valid keys are '{")]
    [InlineData("datasets.foo", "Invalid dataset key 'foo' specified. Valid keys are '{")]
    public void Rejects_unknown_keys_listing_the_valid_ones(string clause, string prefix)
    {
        SearchAssert.InvalidStartingWith(() => RunSearchParser.ParseOrderBy([clause]), prefix);
    }

    [Theory]
    [InlineData("metrics.acc", "metrics.acc DESC")]
    [InlineData("start_time", "attributes.created DESC")]
    [InlineData("metrics.`a b`", "metrics.\"a b\" DESC")]
    public void Rejects_the_same_field_twice(string first, string second)
    {
        string[] orderBy = [first, "params.lr", second];
        SearchAssert.Invalid(
            () => RunSearchParser.ParseOrderBy(orderBy),
            $"`order_by` contains duplicate fields: {Kiln.Core.PythonRepr.List(orderBy)}");
    }

    [Fact]
    public void Quotes_the_list_in_the_duplicate_message_as_python_does()
    {
        SearchAssert.Invalid(
            () => RunSearchParser.ParseOrderBy(["metrics.acc", "metrics.acc DESC"]),
            "`order_by` contains duplicate fields: ['metrics.acc', 'metrics.acc DESC']");
    }

    [Fact]
    public void Orders_by_a_metric_and_a_param_of_the_same_name()
    {
        Assert.Equal("Metric a ASC, Param a ASC", SearchAssert.Render(RunSearchParser.ParseOrderBy(["metrics.a", "params.a"])));
    }
}
