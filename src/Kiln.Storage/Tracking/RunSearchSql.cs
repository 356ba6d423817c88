using System.Globalization;
using System.Text;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

/// <summary>Compiles a run search (filter, view, order, page) into one SELECT over <c>runs r</c>.</summary>
internal sealed class RunSearchSql(SqlDialect dialect)
{
    private readonly SqlQueryBuilder _sql = new(dialect);

    public BuiltSql Build(RunSearchQuery query, string columns)
    {
        var where = new StringBuilder();
        where.Append("r.experiment_id IN (");
        for (var i = 0; i < query.ExperimentIds.Count; i++)
        {
            where.Append(i == 0 ? string.Empty : ", ").Append(query.ExperimentIds[i].ToString(CultureInfo.InvariantCulture));
        }
        where.Append(')');
        where.Append(query.ViewType switch
        {
            ViewType.ActiveOnly => " AND r.lifecycle_stage = 'active'",
            ViewType.DeletedOnly => " AND r.lifecycle_stage = 'deleted'",
            _ => string.Empty,
        });
        foreach (var clause in query.Filter)
        {
            where.Append(" AND ").Append(Condition(clause));
        }

        var order = new StringBuilder();
        var hasStartTime = false;
        foreach (var term in query.OrderBy)
        {
            hasStartTime |= term.Entity == FilterEntity.Attribute && term.Key == "start_time";
            if (term.Entity == FilterEntity.Metric)
            {
                // Values first, then NaN, then runs without the metric, in either direction (MLflow's order).
                var key = _sql.Parameter(term.Key);
                order.Append($"COALESCE((SELECT m.is_nan FROM latest_metrics m WHERE m.run_id = r.id AND m.key = {key}), 2), ")
                    .Append($"(SELECT m.value FROM latest_metrics m WHERE m.run_id = r.id AND m.key = {key}) {(term.Ascending ? "ASC" : "DESC")}, ");
                continue;
            }
            order.Append(SqlQueryBuilder.OrderTerm(OrderExpression(term), term.Ascending)).Append(", ");
        }
        if (!hasStartTime)
        {
            order.Append("r.start_time DESC, ");
        }
        order.Append("r.run_uuid ASC");

        var limit = query.MaxResults + 1;
        return _sql.Build(
            $"SELECT {columns} FROM runs r WHERE {where} ORDER BY {order} LIMIT {limit.ToString(CultureInfo.InvariantCulture)} OFFSET {query.Offset.ToString(CultureInfo.InvariantCulture)}");
    }

    /// <summary>
    /// Metric, param and tag clauses are written as "id IN (runs whose key matches)": with the (key, value) indexes
    /// the database can start from the rarest condition instead of probing every run of the experiment.
    /// </summary>
    private string Condition(FilterClause clause)
    {
        switch (clause.Entity)
        {
            case FilterEntity.Metric:
                return $"r.id IN (SELECT m.run_id FROM latest_metrics m WHERE m.key = {_sql.Parameter(clause.Key)} AND {_sql.Compare("m.value", clause.Comparator, clause.Value)})";
            case FilterEntity.Param:
                return $"r.id IN (SELECT p.run_id FROM params p WHERE p.key = {_sql.Parameter(clause.Key)} AND {_sql.Compare("p.value", clause.Comparator, clause.Value)})";
            case FilterEntity.Tag:
                return $"r.id IN (SELECT t.run_id FROM run_tags t WHERE t.key = {_sql.Parameter(clause.Key)} AND {_sql.Compare("t.value", clause.Comparator, clause.Value)})";
            case FilterEntity.Dataset when clause.Key == "context":
                return $"EXISTS (SELECT 1 FROM input_tags it WHERE it.run_id = r.id AND it.key = 'mlflow.data.context' AND {_sql.Compare("it.value", clause.Comparator, clause.Value)})";
            case FilterEntity.Dataset:
                return $"EXISTS (SELECT 1 FROM run_inputs i JOIN datasets d ON d.id = i.dataset_id WHERE i.run_id = r.id AND {_sql.Compare(DatasetColumn(clause.Key), clause.Comparator, clause.Value)})";
            default:
                return _sql.Compare(AttributeColumn(clause.Key), clause.Comparator, clause.Value);
        }
    }

    private string OrderExpression(OrderByClause term) => term.Entity switch
    {
        FilterEntity.Param => $"(SELECT {_sql.Dialect.Binary("p.value")} FROM params p WHERE p.run_id = r.id AND p.key = {_sql.Parameter(term.Key)})",
        FilterEntity.Tag => $"(SELECT {_sql.Dialect.Binary("t.value")} FROM run_tags t WHERE t.run_id = r.id AND t.key = {_sql.Parameter(term.Key)})",
        _ => AttributeColumn(term.Key),
    };

    public static string AttributeColumn(string key) => key switch
    {
        "run_id" => "r.run_uuid",
        "run_name" => "r.name",
        "status" => "r.status",
        "user_id" => "r.user_id",
        "artifact_uri" => "r.artifact_uri",
        "lifecycle_stage" => "r.lifecycle_stage",
        "start_time" => "r.start_time",
        "end_time" => "r.end_time",
        "experiment_id" => "r.experiment_id",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown run attribute"),
    };

    private static string DatasetColumn(string key) => key switch
    {
        "name" => "d.name",
        "digest" => "d.digest",
        "source_type" => "d.source_type",
        "source" => "d.source",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown dataset attribute"),
    };
}
