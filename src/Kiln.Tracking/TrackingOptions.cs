namespace Kiln.Tracking;

public sealed class TrackingOptions
{
    public const string Section = "Kiln:Tracking";

    /// <summary>
    /// Root of new experiments' artifact locations. The default proxies artifacts through this server
    /// (<c>mlflow-artifacts:/&lt;experiment id&gt;</c>), so clients never need storage credentials.
    /// </summary>
    public string DefaultArtifactRoot { get; set; } = "mlflow-artifacts:/";

    /// <summary>Cut param and run-tag values that are too long instead of rejecting them (MLflow's default).</summary>
    public bool TruncateLongValues { get; set; } = true;
}
