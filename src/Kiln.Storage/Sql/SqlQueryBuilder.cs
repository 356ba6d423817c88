using System.Data.Common;
using System.Globalization;
using System.Text;
using Kiln.Storage.Queries;

namespace Kiln.Storage.Sql;

/// <summary>A built query: its text, and how to bind its parameters to a command.</summary>
public sealed record BuiltSql(string Text, Action<DbCommand> Bind);

/// <summary>
/// Turns parsed filter clauses into SQL conditions with bound parameters (never literals), for any
/// search whose columns the caller maps. Used by run, experiment and registry searches alike.
/// </summary>
public sealed class SqlQueryBuilder(SqlDialect dialect)
{
    private readonly List<KeyValuePair<string, object?>> _parameters = [];

    public SqlDialect Dialect { get; } = dialect;

    public string Parameter(object? value)
    {
        var name = "@p" + _parameters.Count.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(new(name, value));
        return name;
    }

    /// <summary>A condition comparing a SQL expression with a filter literal.</summary>
    public string Compare(string expression, Comparator comparator, FilterValue value)
    {
        switch (comparator)
        {
            case Comparator.Like:
                return Dialect.Like(expression, Parameter(Dialect.LikePattern(value.Text ?? string.Empty)));
            case Comparator.ILike:
                return Dialect.ILike(expression, Parameter(value.Text ?? string.Empty));
            case Comparator.In or Comparator.NotIn:
                var list = value.List ?? [];
                if (list.Count == 0)
                {
                    return comparator == Comparator.In ? "1 = 0" : "1 = 1";
                }
                var names = new StringBuilder();
                foreach (var item in list)
                {
                    if (names.Length > 0)
                    {
                        names.Append(", ");
                    }
                    names.Append(Parameter(item));
                }
                return $"{expression} {(comparator == Comparator.In ? "IN" : "NOT IN")} ({names})";
            case Comparator.IsNull:
                return $"{expression} IS NULL";
            case Comparator.IsNotNull:
                return $"{expression} IS NOT NULL";
            default:
                object? literal = value.Number is { } number ? number : value.Text;
                return $"{expression} {Operator(comparator)} {Parameter(literal)}";
        }
    }

    public static string Operator(Comparator comparator) => comparator switch
    {
        Comparator.Equal => "=",
        Comparator.NotEqual => "<>",
        Comparator.Greater => ">",
        Comparator.GreaterOrEqual => ">=",
        Comparator.Less => "<",
        Comparator.LessOrEqual => "<=",
        _ => throw new ArgumentOutOfRangeException(nameof(comparator)),
    };

    /// <summary>An ORDER BY term that puts missing values last in either direction, as MLflow does.</summary>
    public static string OrderTerm(string expression, bool ascending) =>
        $"CASE WHEN {expression} IS NULL THEN 1 ELSE 0 END, {expression} {(ascending ? "ASC" : "DESC")}";

    public BuiltSql Build(string text)
    {
        var parameters = _parameters.ToArray();
        return new BuiltSql(text, command =>
        {
            foreach (var (name, value) in parameters)
            {
                command.With(name, value);
            }
        });
    }
}
