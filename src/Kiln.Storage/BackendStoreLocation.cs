using Kiln.Core;
using Kiln.Storage.Sql;
using Npgsql;

namespace Kiln.Storage;

/// <summary>Which backend a <c>--backend-store</c> value names, and what to open.</summary>
public sealed record BackendStoreLocation(StorageBackend Backend, string Target)
{
    public static BackendStoreLocation Parse(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        if (value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase))
        {
            return new(StorageBackend.Postgres, FromUri(new Uri(value)));
        }
        if (value.Contains("Host=", StringComparison.OrdinalIgnoreCase) || value.Contains("Server=", StringComparison.OrdinalIgnoreCase))
        {
            return new(StorageBackend.Postgres, value);
        }
        if (value.StartsWith("sqlite:///", StringComparison.OrdinalIgnoreCase))
        {
            return new(StorageBackend.Sqlite, value["sqlite://".Length..]);
        }
        if (value.Contains("://", StringComparison.Ordinal))
        {
            throw new KilnException(ErrorCode.InvalidParameterValue, $"Unsupported backend store '{value}': use a SQLite file path or a PostgreSQL connection string or URI.");
        }
        return new(StorageBackend.Sqlite, value);
    }

    private static string FromUri(Uri uri)
    {
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }
        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var kv = pair.Split('=', 2);
            builder[Uri.UnescapeDataString(kv[0])] = kv.Length > 1 ? Uri.UnescapeDataString(kv[1]) : string.Empty;
        }
        return builder.ConnectionString;
    }
}
