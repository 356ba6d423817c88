using System.Globalization;
using Kiln.Core;
using Kiln.Storage.Entities;

namespace Kiln.Server.Mlflow;

/// <summary>Proto enums as MLflow accepts them: by name, or by number.</summary>
internal static class MlflowEnums
{
    public static ViewType ViewType(MlflowRequest request, string name) => request.String(name) switch
    {
        null or "" or "ACTIVE_ONLY" or "1" => Storage.Entities.ViewType.ActiveOnly,
        "DELETED_ONLY" or "2" => Storage.Entities.ViewType.DeletedOnly,
        "ALL" or "3" => Storage.Entities.ViewType.All,
        var other => throw Invalid(name, other),
    };

    public static RunStatus? RunStatus(MlflowRequest request, string name)
    {
        var text = request.Element(name) is { ValueKind: System.Text.Json.JsonValueKind.Number } number
            ? number.GetRawText()
            : request.String(name);
        return text switch
        {
            null or "" => null,
            "RUNNING" or "1" => Storage.Entities.RunStatus.Running,
            "SCHEDULED" or "2" => Storage.Entities.RunStatus.Scheduled,
            "FINISHED" or "3" => Storage.Entities.RunStatus.Finished,
            "FAILED" or "4" => Storage.Entities.RunStatus.Failed,
            "KILLED" or "5" => Storage.Entities.RunStatus.Killed,
            _ => throw Invalid(name, text),
        };
    }

    private static KilnException Invalid(string name, string value) =>
        MlflowRequest.InvalidValue(name, Kiln.Core.PythonRepr.JsonString(value), int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _) ? "int" : "str");
}
