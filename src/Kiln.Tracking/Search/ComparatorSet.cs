using Kiln.Core;

namespace Kiln.Tracking.Search;

/// <summary>A set of comparator spellings MLflow accepts somewhere, with the Python repr its messages print.</summary>
internal sealed class ComparatorSet(params string[] members)
{
    /// <summary><c>&gt; &gt;= != = &lt; &lt;=</c>: metrics and numeric attributes.</summary>
    public static readonly ComparatorSet Numeric = new(">", ">=", "!=", "=", "<", "<=");

    /// <summary><c>!= = LIKE ILIKE</c>: params, tags, registry string attributes.</summary>
    public static readonly ComparatorSet Text = new("!=", "=", "LIKE", "ILIKE");

    /// <summary><c>!= = LIKE ILIKE IN NOT IN</c>: run string attributes and datasets.</summary>
    public static readonly ComparatorSet TextOrList = new("!=", "=", "LIKE", "ILIKE", "IN", "NOT IN");

    public string Repr { get; } = PythonRepr.Set(members);

    public bool Contains(string upperCaseComparator) => Array.IndexOf(members, upperCaseComparator) >= 0;
}
