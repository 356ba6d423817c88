using System.Globalization;
using System.Text;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Registry;

/// <summary>Compiles registered-model and model-version searches into WHERE/ORDER/LIMIT tails.</summary>
internal static class RegistrySearchSql
{
    public static BuiltSql ForModels(SqlDialect dialect, RegistrySearchQuery query)
    {
        var sql = new SqlQueryBuilder(dialect);
        var where = new StringBuilder("1 = 1");
        foreach (var clause in query.Filter)
        {
            where.Append(" AND ").Append(clause.Entity == FilterEntity.Tag
                ? $"EXISTS (SELECT 1 FROM registered_model_tags t WHERE t.model_id = m.model_id AND t.key = {sql.Parameter(clause.Key)} AND {sql.Compare("t.value", clause.Comparator, clause.Value)})"
                : sql.Compare(ModelColumn(clause.Key), clause.Comparator, clause.Value));
        }
        var order = query.OrderBy.Select(t => SqlQueryBuilder.OrderTerm(t.Key == "name" ? dialect.Binary("m.name") : ModelColumn(t.Key), t.Ascending)).ToList();
        if (!query.OrderBy.Any(t => t.Key == "name"))
        {
            order.Add($"{dialect.Binary("m.name")} ASC");
        }
        return sql.Build($"WHERE {where} ORDER BY {string.Join(", ", order)} {Page(query)}");
    }

    public static BuiltSql ForVersions(SqlDialect dialect, RegistrySearchQuery query)
    {
        var sql = new SqlQueryBuilder(dialect);
        var where = new StringBuilder("1 = 1");
        foreach (var clause in query.Filter)
        {
            where.Append(" AND ").Append(clause.Entity == FilterEntity.Tag
                ? $"EXISTS (SELECT 1 FROM model_version_tags t WHERE t.model_id = v.model_id AND t.version = v.version AND t.key = {sql.Parameter(clause.Key)} AND {sql.Compare("t.value", clause.Comparator, clause.Value)})"
                : sql.Compare(VersionColumn(clause.Key), clause.Comparator, clause.Value));
        }
        var order = query.OrderBy.Select(t => SqlQueryBuilder.OrderTerm(t.Key == "name" ? dialect.Binary("m.name") : VersionColumn(t.Key), t.Ascending)).ToList();
        if (query.OrderBy.Count == 0)
        {
            order.Add("v.last_updated_time DESC");
        }
        if (!query.OrderBy.Any(t => t.Key == "name"))
        {
            order.Add($"{dialect.Binary("m.name")} ASC");
        }
        if (!query.OrderBy.Any(t => t.Key == "version_number"))
        {
            order.Add("v.version DESC");
        }
        return sql.Build($"WHERE {where} ORDER BY {string.Join(", ", order)} {Page(query)}");
    }

    private static string Page(RegistrySearchQuery query) =>
        $"LIMIT {(query.MaxResults + 1).ToString(CultureInfo.InvariantCulture)} OFFSET {query.Offset.ToString(CultureInfo.InvariantCulture)}";

    private static string ModelColumn(string key) => key switch
    {
        "name" => "m.name",
        "creation_timestamp" => "m.creation_time",
        "last_updated_timestamp" or "timestamp" => "m.last_updated_time",
        "description" => "m.description",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown registered model attribute"),
    };

    private static string VersionColumn(string key) => key switch
    {
        "name" => "m.name",
        "version_number" => "v.version",
        "run_id" => "v.run_id",
        "source_path" => "v.source",
        "current_stage" => "v.current_stage",
        "status" => "v.status",
        "user_id" => "v.user_id",
        "creation_timestamp" => "v.creation_time",
        "last_updated_timestamp" => "v.last_updated_time",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown model version attribute"),
    };
}
