namespace Kiln.Storage.Sql;

/// <summary>The places where SQLite and PostgreSQL SQL differ; everything else is written once.</summary>
public abstract class SqlDialect
{
    /// <summary>A case-sensitive LIKE of <paramref name="column"/> against a pattern parameter.</summary>
    public abstract string Like(string column, string parameter);

    /// <summary>A case-insensitive LIKE.</summary>
    public abstract string ILike(string column, string parameter);

    /// <summary>Converts a LIKE pattern to the form <see cref="Like"/> expects for its parameter.</summary>
    public virtual string LikePattern(string pattern) => pattern;

    /// <summary>Text comparisons and ordering by byte value, whatever the database collation.</summary>
    public abstract string Binary(string column);

    public static readonly SqlDialect Sqlite = new SqliteDialect();

    public static readonly SqlDialect Postgres = new PostgresDialect();

    private sealed class SqliteDialect : SqlDialect
    {
        // SQLite's LIKE ignores ASCII case; GLOB is its case-sensitive matcher.
        public override string Like(string column, string parameter) => $"{column} GLOB {parameter}";

        public override string ILike(string column, string parameter) => $"{column} LIKE {parameter}";

        public override string LikePattern(string pattern)
        {
            var builder = new System.Text.StringBuilder(pattern.Length + 8);
            foreach (var c in pattern)
            {
                switch (c)
                {
                    case '%': builder.Append('*'); break;
                    case '_': builder.Append('?'); break;
                    case '*': builder.Append("[*]"); break;
                    case '?': builder.Append("[?]"); break;
                    case '[': builder.Append("[[]"); break;
                    default: builder.Append(c); break;
                }
            }
            return builder.ToString();
        }

        public override string Binary(string column) => column;
    }

    private sealed class PostgresDialect : SqlDialect
    {
        public override string Like(string column, string parameter) => $"{column} LIKE {parameter}";

        public override string ILike(string column, string parameter) => $"{column} ILIKE {parameter}";

        public override string Binary(string column) => $"{column} COLLATE \"C\"";
    }
}
