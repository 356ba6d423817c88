using System.Globalization;
using System.Text;
using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

/// <summary>Compiles an experiment search into the WHERE/ORDER/LIMIT tail of a SELECT over <c>experiments e</c>.</summary>
internal sealed class ExperimentSearchSql(SqlDialect dialect)
{
    private readonly SqlQueryBuilder _sql = new(dialect);

    public BuiltSql Build(ExperimentSearchQuery query)
    {
        var where = new StringBuilder(query.ViewType switch
        {
            ViewType.ActiveOnly => "e.lifecycle_stage = 'active'",
            ViewType.DeletedOnly => "e.lifecycle_stage = 'deleted'",
            _ => "1 = 1",
        });
        foreach (var clause in query.Filter)
        {
            where.Append(" AND ").Append(clause.Entity == FilterEntity.Tag
                ? $"EXISTS (SELECT 1 FROM experiment_tags t WHERE t.experiment_id = e.experiment_id AND t.key = {_sql.Parameter(clause.Key)} AND {_sql.Compare("t.value", clause.Comparator, clause.Value)})"
                : _sql.Compare(Column(clause.Key), clause.Comparator, clause.Value));
        }
        var order = new List<string>();
        foreach (var term in query.OrderBy)
        {
            var column = term.Key == "name" ? _sql.Dialect.Binary(Column(term.Key)) : Column(term.Key);
            order.Add(SqlQueryBuilder.OrderTerm(column, term.Ascending));
        }
        if (query.OrderBy.Count == 0)
        {
            order.Add("e.creation_time DESC");
            order.Add("e.experiment_id ASC");
        }
        else if (!query.OrderBy.Any(t => t.Key == "experiment_id"))
        {
            order.Add("e.experiment_id DESC");
        }
        return _sql.Build(
            $"WHERE {where} ORDER BY {string.Join(", ", order)} LIMIT {(query.MaxResults + 1).ToString(CultureInfo.InvariantCulture)} OFFSET {query.Offset.ToString(CultureInfo.InvariantCulture)}");
    }

    private static string Column(string key) => key switch
    {
        "name" => "e.name",
        "creation_time" => "e.creation_time",
        "last_update_time" => "e.last_update_time",
        "experiment_id" => "e.experiment_id",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown experiment attribute"),
    };
}
