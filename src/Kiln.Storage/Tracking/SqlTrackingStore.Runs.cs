using Kiln.Storage.Entities;
using Kiln.Storage.Sql;

namespace Kiln.Storage.Tracking;

public abstract partial class SqlTrackingStore
{
    /// <summary>The tag MLflow keeps in step with a run's name.</summary>
    public const string RunNameTag = "mlflow.runName";

    public Task<Run> CreateRunAsync(NewRun run, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            string location;
            using (var experiment = connection.Command("SELECT lifecycle_stage, artifact_location FROM experiments WHERE experiment_id = @id", transaction).With("@id", run.ExperimentId))
            using (var reader = await experiment.ExecuteReaderAsync(ct))
            {
                if (!await reader.ReadAsync(ct))
                {
                    throw StoreErrors.ExperimentNotFound(run.ExperimentId);
                }
                var stage = reader.GetString(0);
                if (stage != Lifecycle.Active)
                {
                    throw StoreErrors.ExperimentNotActive(run.ExperimentId, stage);
                }
                location = reader.GetString(1);
            }
            var artifactUri = $"{location.TrimEnd('/')}/{run.RunId}/artifacts";
            long id;
            using (var insert = connection.Command(
                """
                INSERT INTO runs (run_uuid, experiment_id, name, user_id, status, start_time, end_time, lifecycle_stage, artifact_uri)
                VALUES (@uuid, @experiment, @name, @user, @status, @start, NULL, 'active', @uri) RETURNING id
                """, transaction)
                .With("@uuid", run.RunId).With("@experiment", run.ExperimentId).With("@name", run.RunName).With("@user", run.UserId)
                .With("@status", Lifecycle.ToText(run.Status)).With("@start", run.StartTime).With("@uri", artifactUri))
            {
                id = await insert.ExecuteInt64Async(ct);
            }
            if (run.Tags.Count > 0)
            {
                await UpsertTagsAsync(connection, transaction, id, run.Tags, ct);
            }
            var info = new RunInfo(run.RunId, run.ExperimentId, run.RunName, run.UserId, run.Status, run.StartTime, null, artifactUri, LifecycleStage.Active);
            var tags = run.Tags.DistinctBy(t => t.Key).OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
            return new Run(info, [], [], tags, []);
        }, cancellationToken);

    public Task<Run?> GetRunAsync(string runId, CancellationToken cancellationToken) =>
        Database.ReadAsync(async (connection, ct) =>
        {
            using var command = connection.Command($"SELECT {RunColumns} FROM runs r WHERE r.run_uuid = @u").With("@u", runId);
            (long, RunInfo)? row = null;
            using (var reader = await command.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct))
                {
                    row = (reader.GetInt64(0), ReadRunInfo(reader));
                }
            }
            if (row is null)
            {
                return null;
            }
            var runs = await LoadRunsAsync(connection, [row.Value], ct);
            return runs[0];
        }, cancellationToken);

    public Task<RunInfo> UpdateRunAsync(string runId, RunStatus? status, long? endTime, string? runName, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var run = await RequireActiveRunAsync(connection, transaction, runId, ct);
            using (var update = connection.Command(
                """
                UPDATE runs SET status = COALESCE(@status, status), end_time = COALESCE(@end, end_time), name = COALESCE(@name, name)
                WHERE id = @id
                """, transaction)
                .With("@status", status is { } s ? Lifecycle.ToText(s) : null).With("@end", endTime).With("@name", runName).With("@id", run.Id))
            {
                await update.ExecuteNonQueryAsync(ct);
            }
            if (runName is not null)
            {
                await UpsertTagsAsync(connection, transaction, run.Id, [new KeyValue(RunNameTag, runName)], ct);
            }
            using var select = connection.Command($"SELECT {RunColumns} FROM runs r WHERE r.id = @id", transaction).With("@id", run.Id);
            using var reader = await select.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            return ReadRunInfo(reader);
        }, cancellationToken);

    public Task DeleteRunAsync(string runId, CancellationToken cancellationToken) =>
        SetRunLifecycleAsync(runId, LifecycleStage.Deleted, cancellationToken);

    public Task RestoreRunAsync(string runId, CancellationToken cancellationToken) =>
        SetRunLifecycleAsync(runId, LifecycleStage.Active, cancellationToken);

    private Task SetRunLifecycleAsync(string runId, LifecycleStage stage, CancellationToken cancellationToken) =>
        Database.WriteAsync(async (connection, transaction, ct) =>
        {
            var run = await RequireRunAsync(connection, transaction, runId, ct);
            using var command = connection.Command("UPDATE runs SET lifecycle_stage = @stage, deleted_time = @deleted WHERE id = @id", transaction)
                .With("@stage", Lifecycle.ToText(stage))
                .With("@deleted", stage == LifecycleStage.Deleted ? Now() : null)
                .With("@id", run.Id);
            return await command.ExecuteNonQueryAsync(ct);
        }, cancellationToken);
}
