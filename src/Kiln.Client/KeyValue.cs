namespace Kiln.Client;

/// <summary>A tag or a parameter.</summary>
public sealed record KeyValue(string Key, string Value);
