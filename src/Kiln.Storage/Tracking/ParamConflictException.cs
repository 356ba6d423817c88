using Kiln.Core;

namespace Kiln.Storage.Tracking;

public sealed record ParamConflict(string Key, string OldValue, string NewValue);

/// <summary>
/// Params are immutable: logging a different value for a logged key fails. The message is MLflow's for
/// log-batch; single-param logging words it for one param (<see cref="SingleParamMessage"/>).
/// </summary>
public sealed class ParamConflictException(string runId, IReadOnlyList<ParamConflict> conflicts)
    : KilnException(ErrorCode.InvalidParameterValue, BatchMessage(runId, conflicts))
{
    public string RunId { get; } = runId;

    public IReadOnlyList<ParamConflict> Conflicts { get; } = conflicts;

    public string SingleParamMessage =>
        $"Changing param values is not allowed. Param with key='{Conflicts[0].Key}' was already logged with value='{Conflicts[0].OldValue}' for run ID='{RunId}'. Attempted logging new value '{Conflicts[0].NewValue}'.";

    private static string BatchMessage(string runId, IReadOnlyList<ParamConflict> conflicts)
    {
        var items = string.Join(", ", conflicts.Select(c => $"{{'key': {PythonRepr.Str(c.Key)}, 'old_value': {PythonRepr.Str(c.OldValue)}, 'new_value': {PythonRepr.Str(c.NewValue)}}}"));
        return $"Changing param values is not allowed. Params were already logged='[{items}]' for run ID='{runId}'.";
    }
}
