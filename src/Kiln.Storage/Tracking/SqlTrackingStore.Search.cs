using Kiln.Storage.Entities;
using Kiln.Storage.Queries;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

public abstract partial class SqlTrackingStore
{
    public Task<Page<Run>> SearchRunsAsync(RunSearchQuery query, CancellationToken cancellationToken) =>
        Database.ReadAsync(async (connection, ct) =>
        {
            if (query.ExperimentIds.Count == 0)
            {
                return new Page<Run>([], null);
            }
            var sql = new RunSearchSql(Dialect).Build(query, RunColumns);
            var rows = new List<(long Id, RunInfo Info)>(Math.Min(query.MaxResults + 1, 1024));
            using (var command = connection.Command(sql.Text))
            {
                sql.Bind(command);
                using var reader = await command.ExecuteReaderAsync(ct);
                while (await reader.ReadAsync(ct))
                {
                    rows.Add((reader.GetInt64(0), ReadRunInfo(reader)));
                }
            }
            var next = Paging.TrimLookAhead(rows, query.MaxResults, query.Offset);
            var runs = await LoadRunsAsync(connection, rows, ct);
            return new Page<Run>(runs, next);
        }, cancellationToken);
}
