namespace Kiln.Tracking.Search;

/// <summary>Text too deeply nested to group; MLflow reports these as "Error on parsing ...".</summary>
internal sealed class SqlParseException(string message) : Exception(message);
