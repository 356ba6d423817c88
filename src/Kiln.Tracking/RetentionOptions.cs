namespace Kiln.Tracking;

public sealed class RetentionOptions
{
    public const string Section = "Kiln:Retention";

    /// <summary>Runs and experiments deleted longer ago than this are removed for good, artifacts included. Null keeps them.</summary>
    public double? DeletedRetentionDays { get; set; }

    /// <summary>How often the retention pass runs when a retention period is set.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromHours(1);
}
