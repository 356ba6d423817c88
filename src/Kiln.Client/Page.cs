namespace Kiln.Client;

/// <summary>One page of a search; pass <see cref="NextPageToken"/> back for the next, until it is null.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);
