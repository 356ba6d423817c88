namespace Kiln.Client;

/// <summary>One metric point; the timestamp is in milliseconds since the Unix epoch.</summary>
public sealed record Metric(string Key, double Value, long Timestamp, long Step = 0)
{
    /// <summary>Set only in answers that mix runs.</summary>
    public string? RunId { get; init; }
}
