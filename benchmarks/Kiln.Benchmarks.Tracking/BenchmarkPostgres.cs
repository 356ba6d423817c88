using Kiln.TestSupport;
using Npgsql;

namespace Kiln.Benchmarks.Tracking;

/// <summary>A PostgreSQL store for the benchmark: a fresh schema, or a named one that is kept between runs.</summary>
internal static class BenchmarkPostgres
{
    public static async Task<string> StoreAsync(string? keptSchema)
    {
        if (keptSchema is null)
        {
            return await TestPostgres.CreateSchemaAsync();
        }
        var server = await TestPostgres.GetServerAsync();
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE SCHEMA IF NOT EXISTS {keptSchema}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = keptSchema }.ConnectionString;
    }
}
