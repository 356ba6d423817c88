using Kiln.Core;

namespace Kiln.Storage.Tracking;

/// <summary>The tracking store's failures, worded as MLflow words them so clients see familiar messages.</summary>
internal static class StoreErrors
{
    public static KilnException ExperimentNotFound(long experimentId) =>
        KilnException.NotFound($"No Experiment with id={experimentId} exists");

    public static KilnException ExperimentExists(string name) =>
        KilnException.AlreadyExists($"Experiment(name={name}) already exists. Error: experiment names must be unique");

    public static KilnException ExperimentNotActive(long experimentId, string stage) =>
        KilnException.InvalidParameter($"The experiment {experimentId} must be in the 'active' state. Current state is {stage}.");

    public static KilnException CannotRenameInactive() =>
        KilnException.InvalidParameter("Cannot rename a non-active experiment.");

    public static KilnException RunNotFound(string runId) =>
        KilnException.NotFound($"Run with id={runId} not found");

    public static KilnException RunNotActive(string runId, string stage) =>
        KilnException.InvalidParameter($"The run {runId} must be in the 'active' state. Current state is {stage}.");


    public static KilnException RunTagNotFound(string key, string runId) =>
        KilnException.NotFound($"No tag with name: {key} in run with id {runId}");

    public static KilnException ExperimentTagNotFound(string key, long experimentId) =>
        KilnException.NotFound($"No tag with name: {key} in experiment with id {experimentId}");
}
