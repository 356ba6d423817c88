using System.Data.Common;
using System.Globalization;
using System.Reflection;
using Kiln.Storage.Sql;
using Microsoft.Extensions.Logging;

namespace Kiln.Storage;

/// <summary>
/// Applies the numbered SQL scripts embedded under Migrations/&lt;backend&gt;/ (NNNN_name.sql) that the
/// database has not seen yet, in order, inside the caller's transaction.
/// </summary>
internal static class Migrator
{
    public static async ValueTask<int> ApplyAsync(DbConnection connection, DbTransaction transaction, string backend, ILogger logger, CancellationToken cancellationToken)
    {
        using (var create = connection.Command(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)", transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        var applied = new HashSet<int>();
        using (var select = connection.Command("SELECT version FROM schema_migrations", transaction))
        using (var reader = await select.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetInt32(0));
            }
        }
        var count = 0;
        foreach (var (version, name, sql) in Scripts(backend))
        {
            if (applied.Contains(version))
            {
                continue;
            }
            using (var migrate = connection.Command(sql, transaction))
            {
                await migrate.ExecuteNonQueryAsync(cancellationToken);
            }
            using (var record = connection.Command("INSERT INTO schema_migrations (version, name, applied_at) VALUES (@v, @n, @t)", transaction))
            {
                await record.With("@v", version).With("@n", name).With("@t", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()).ExecuteNonQueryAsync(cancellationToken);
            }
            Log.MigrationApplied(logger, backend, version, name);
            count++;
        }
        return count;
    }

    public static int LatestVersion(string backend) => Scripts(backend).Max(s => s.Version);

    private static IEnumerable<(int Version, string Name, string Sql)> Scripts(string backend)
    {
        var assembly = Assembly.GetExecutingAssembly();
        var prefix = backend + "/";
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Select(n =>
            {
                var file = n[prefix.Length..^4];
                var separator = file.IndexOf('_', StringComparison.Ordinal);
                var version = int.Parse(file[..separator], CultureInfo.InvariantCulture);
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var text = new StreamReader(stream);
                return (version, file[(separator + 1)..], text.ReadToEnd());
            })
            .OrderBy(s => s.version);
    }
}
