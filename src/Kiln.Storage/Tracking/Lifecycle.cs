using Kiln.Core;
using Kiln.Storage.Entities;

namespace Kiln.Storage.Tracking;

/// <summary>How lifecycle stages and run statuses are spelled in the database (MLflow's spellings).</summary>
public static class Lifecycle
{
    public const string Active = "active";
    public const string Deleted = "deleted";

    public static string ToText(LifecycleStage stage) => stage == LifecycleStage.Active ? Active : Deleted;

    public static LifecycleStage Parse(string text) => text == Deleted ? LifecycleStage.Deleted : LifecycleStage.Active;

    public static string ToText(RunStatus status) => status switch
    {
        RunStatus.Running => "RUNNING",
        RunStatus.Scheduled => "SCHEDULED",
        RunStatus.Finished => "FINISHED",
        RunStatus.Failed => "FAILED",
        RunStatus.Killed => "KILLED",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static RunStatus ParseStatus(string text) => TryParseStatus(text, out var status)
        ? status
        : throw new KilnException(ErrorCode.InternalError, $"Unknown run status '{text}' in the database");

    public static bool TryParseStatus(string? text, out RunStatus status)
    {
        switch (text)
        {
            case "RUNNING": status = RunStatus.Running; return true;
            case "SCHEDULED": status = RunStatus.Scheduled; return true;
            case "FINISHED": status = RunStatus.Finished; return true;
            case "FAILED": status = RunStatus.Failed; return true;
            case "KILLED": status = RunStatus.Killed; return true;
            default: status = default; return false;
        }
    }
}
