using Kiln.Core;

namespace Kiln.Storage.Registry;

/// <summary>The registry store's failures, worded as MLflow words them.</summary>
internal static class RegistryErrors
{
    public static KilnException ModelNotFound(string name) =>
        KilnException.NotFound($"Registered Model with name={name} not found");

    public static KilnException ModelExists(string name) =>
        KilnException.AlreadyExists($"Registered Model (name={name}) already exists.");

    public static KilnException VersionNotFound(string name, long version) =>
        KilnException.NotFound($"Model Version (name={name}, version={version}) not found");

    public static KilnException AliasNotFound(string name, string alias) =>
        KilnException.InvalidParameter($"Registered model alias {alias} not found.");
}
