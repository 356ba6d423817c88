namespace Kiln.Cli.Commands;

/// <summary>A mistake the user can fix (a bad option value, a missing local file): its message is printed as is.</summary>
internal sealed class CliException(string message) : Exception(message);
