using Kiln.Tracking.Search;

namespace Kiln.Tracking.Tests.Search;

/// <summary>Filters <c>runs/search</c> accepts, rendered as the clauses the store gets.</summary>
public class RunFilterTests
{
    [Theory]
    // Metrics: every comparator, every numeric form sqlparse lexes as a number.
    [InlineData("metrics.rmse < 1", "Metric rmse Less 1")]
    [InlineData("metric.rmse <= 1", "Metric rmse LessOrEqual 1")]
    [InlineData("metrics.rmse > 0.5", "Metric rmse Greater 0.5")]
    [InlineData("metrics.rmse >= -1", "Metric rmse GreaterOrEqual -1")]
    [InlineData("metrics.rmse = 1e-3", "Metric rmse Equal 0.001")]
    [InlineData("metrics.rmse != .5", "Metric rmse NotEqual 0.5")]
    [InlineData("metrics.rmse = 2.", "Metric rmse Equal 2")]
    [InlineData("metrics.rmse = -1.5E2", "Metric rmse Equal -150")]
    [InlineData("metrics.rmse = -.25", "Metric rmse Equal -0.25")]
    [InlineData("metrics.rmse = 1700000000000", "Metric rmse Equal 1700000000000")]
    // Keys: quoted, backticked, dotted; the entity type may be backticked too.
    [InlineData("metrics.`val-loss` < 1", "Metric val-loss Less 1")]
    [InlineData("metrics.\"val loss\" < 1", "Metric val loss Less 1")]
    [InlineData("metrics.'val loss' < 1", "Metric val loss Less 1")]
    [InlineData("metrics.a.b < 1", "Metric a.b Less 1")]
    [InlineData("metrics.\"a.b\" < 1", "Metric a.b Less 1")]
    [InlineData("`metrics`.acc > 1", "Metric acc Greater 1")]
    [InlineData("`metrics`.`acc` > 1", "Metric acc Greater 1")]
    [InlineData("metrics.created > 1", "Metric created Greater 1")]
    // Params and tags: =, !=, LIKE, ILIKE (any case); single- or double-quoted values, passed through as written.
    [InlineData("params.model = 'lr'", "Param model Equal 'lr'")]
    [InlineData("param.model = 'lr'", "Param model Equal 'lr'")]
    [InlineData("parameter.model != 'lr'", "Param model NotEqual 'lr'")]
    [InlineData("parameters.model LIKE 'l%'", "Param model Like 'l%'")]
    [InlineData("params.model ILIKE '%LR%'", "Param model ILike '%LR%'")]
    [InlineData("params.model like 'l_'", "Param model Like 'l_'")]
    [InlineData("params.model iLike 'L_'", "Param model ILike 'L_'")]
    [InlineData("params.model = \"lr\"", "Param model Equal 'lr'")]
    [InlineData("params.model = 'it''s'", "Param model Equal 'it''s'")]
    [InlineData("params.model = 'a\\'b'", "Param model Equal 'a\\'b'")]
    [InlineData("params.model = ''", "Param model Equal ''")]
    [InlineData("params.model = 'x AND y = 1'", "Param model Equal 'x AND y = 1'")]
    [InlineData("params.`learning rate` = '0.1'", "Param learning rate Equal '0.1'")]
    [InlineData("tags.mlflow.runName = 'x'", "Tag mlflow.runName Equal 'x'")]
    [InlineData("tag.team = 'ml'", "Tag team Equal 'ml'")]
    [InlineData("tags.\"my tag\" LIKE 'x%'", "Tag my tag Like 'x%'")]
    [InlineData("tags.`my tag` != 'x'", "Tag my tag NotEqual 'x'")]
    [InlineData("tags.`mlflow.source.type` = 'NOTEBOOK'", "Tag mlflow.source.type Equal 'NOTEBOOK'")]
    // Attributes, with or without a prefix; aliases become canonical keys.
    [InlineData("attributes.status = 'FINISHED'", "Attribute status Equal 'FINISHED'")]
    [InlineData("attribute.status != 'FAILED'", "Attribute status NotEqual 'FAILED'")]
    [InlineData("attr.user_id LIKE 'a%'", "Attribute user_id Like 'a%'")]
    [InlineData("run.artifact_uri ILIKE 's3://%'", "Attribute artifact_uri ILike 's3://%'")]
    [InlineData("status = 'RUNNING'", "Attribute status Equal 'RUNNING'")]
    [InlineData("run_id = 'abc'", "Attribute run_id Equal 'abc'")]
    [InlineData("run_name = \"x\"", "Attribute run_name Equal 'x'")]
    [InlineData("attributes.`run name` = 'x'", "Attribute run_name Equal 'x'")]
    [InlineData("attributes.\"Run name\" = 'x'", "Attribute run_name Equal 'x'")]
    [InlineData("`Run Name` = 'x'", "Attribute run_name Equal 'x'")]
    [InlineData("start_time > 1700000000000", "Attribute start_time Greater 1700000000000")]
    [InlineData("attributes.end_time <= 5", "Attribute end_time LessOrEqual 5")]
    [InlineData("created > 5", "Attribute start_time Greater 5")]
    [InlineData("attributes.Created < 5.5", "Attribute start_time Less 5.5")]
    // IN / NOT IN on run_id: Python list syntax; ids with upper-case letters (or none at all) are dropped.
    [InlineData("attributes.run_id IN ('abc', 'def')", "Attribute run_id In ('abc', 'def')")]
    [InlineData("attributes.run_id NOT IN ('abc')", "Attribute run_id NotIn ('abc')")]
    [InlineData("run_id in ('abc','def')", "Attribute run_id In ('abc', 'def')")]
    [InlineData("run_id not  in('abc')", "Attribute run_id NotIn ('abc')")]
    [InlineData("run_id IN ('abc', 'DEF', 'ghi')", "Attribute run_id In ('abc', 'ghi')")]
    [InlineData("run_id IN ('123', 'a1')", "Attribute run_id In ('a1')")]
    [InlineData("run_id IN ('ABC')", "Attribute run_id In ()")]
    [InlineData("run_id IN ('a', 'b',)", "Attribute run_id In ('a', 'b')")]
    [InlineData("run_id IN ('a' , 'b' )", "Attribute run_id In ('a', 'b')")]
    [InlineData("run_id IN ('a',\t'b')", "Attribute run_id In ('a', 'b')")]
    [InlineData("run_id IN ('a', 'b' 'c')", "Attribute run_id In ('a', 'bc')")]
    [InlineData("run_id IN ('a', 'b' \"c\")", "Attribute run_id In ('a', 'bc')")]
    [InlineData("run_id IN ('a\\x62', 'c\\'d', 'e''f')", "Attribute run_id In ('ab', 'c'd', 'ef')")]
    // Datasets: name, digest, context; lists allowed (filtered the same way).
    [InlineData("datasets.digest = 'a1b2'", "Dataset digest Equal 'a1b2'")]
    [InlineData("dataset.name LIKE 'iris%'", "Dataset name Like 'iris%'")]
    [InlineData("datasets.context = 'training'", "Dataset context Equal 'training'")]
    [InlineData("datasets.name IN ('iris', 'wine')", "Dataset name In ('iris', 'wine')")]
    [InlineData("datasets.name NOT IN ('Iris', 'wine')", "Dataset name NotIn ('wine')")]
    [InlineData("datasets.`digest` != \"x\"", "Dataset digest NotEqual 'x'")]
    public void Parses_a_single_comparison(string filter, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(RunSearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData("metrics.a>1 AND params.b='x'")]
    [InlineData("  metrics.a > 1  and  params.b = 'x'  ")]
    [InlineData("metrics.a > 1\nAND\tparams.b = 'x'\r\n")]
    [InlineData("metrics.a > 1 And params.b = 'x'")]
    [InlineData("metrics.a > 1 AND params.b = 'x' AND")]
    [InlineData("AND metrics.a > 1 AND AND params.b = 'x'")]
    [InlineData("metrics.a > 1 params.b = 'x'")]
    public void Joins_comparisons_as_loosely_as_mlflow(string filter)
    {
        Assert.Equal("Metric a Greater 1 AND Param b Equal 'x'", SearchAssert.Render(RunSearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData(
        "metrics.rmse < 1 and params.model = 'lr' and tags.\"my tag\" LIKE 'x%' and attributes.status = 'FINISHED'",
        "Metric rmse Less 1 AND Param model Equal 'lr' AND Tag my tag Like 'x%' AND Attribute status Equal 'FINISHED'")]
    [InlineData("attributes.run_id IN ('abc', 'def')", "Attribute run_id In ('abc', 'def')")]
    [InlineData("datasets.digest = 'a1b2'", "Dataset digest Equal 'a1b2'")]
    [InlineData("metrics.accuracy > 0.9 AND params.optimizer = 'adam'", "Metric accuracy Greater 0.9 AND Param optimizer Equal 'adam'")]
    [InlineData(
        "attributes.run_name LIKE 'train-%' AND attributes.start_time >= 1700000000000",
        "Attribute run_name Like 'train-%' AND Attribute start_time GreaterOrEqual 1700000000000")]
    [InlineData(
        "datasets.name = 'iris' AND datasets.context = 'training' AND metrics.rmse < 0.8",
        "Dataset name Equal 'iris' AND Dataset context Equal 'training' AND Metric rmse Less 0.8")]
    [InlineData("tags.mlflow.parentRunId = 'abc123'", "Tag mlflow.parentRunId Equal 'abc123'")]
    public void Parses_filters_from_the_mlflow_docs(string filter, string expected)
    {
        Assert.Equal(expected, SearchAssert.Render(RunSearchParser.ParseFilter(filter)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\n\t")]
    public void Reads_an_empty_or_blank_filter_as_no_clauses(string? filter)
    {
        Assert.Empty(RunSearchParser.ParseFilter(filter));
    }

    [Fact]
    public void Keeps_clauses_in_order()
    {
        var clauses = RunSearchParser.ParseFilter("tags.b = 'x' AND metrics.a > 1 AND tags.a = 'y'");
        Assert.Equal(["b", "a", "a"], clauses.Select(clause => clause.Key));
    }
}
