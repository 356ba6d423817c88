using Kiln.Storage.Queries;

namespace Kiln.Tracking.Search;

/// <summary>
/// A comparison whose identifier and value have been read but whose comparator is not checked yet:
/// MLflow reads every clause before its store checks any comparator, so the first kind of error wins.
/// </summary>
internal readonly record struct ParsedComparison(FilterEntity Entity, string Key, string Comparator, FilterValue Value);
