namespace Kiln.Server.Hosting;

/// <summary>Where the server listens and keeps its data. Bound from the <c>Kiln</c> configuration section.</summary>
public sealed class KilnServerOptions
{
    public const string Section = "Kiln";

    public string Host { get; set; } = "127.0.0.1";

    /// <summary>0 picks a free port (tests).</summary>
    public int Port { get; set; } = 5000;

    /// <summary>Holds the default SQLite database and artifact folder.</summary>
    public string DataDir { get; set; } = "./kiln-data";

    /// <summary>A SQLite file path or a PostgreSQL connection string/URI; default <c>&lt;data dir&gt;/kiln.db</c>.</summary>
    public string? BackendStore { get; set; }

    /// <summary>A folder or <c>s3://bucket/prefix</c>; default <c>&lt;data dir&gt;/artifacts</c>.</summary>
    public string? Artifacts { get; set; }

    /// <summary>Largest JSON request body accepted on the API routes.</summary>
    public long MaxJsonBodyBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Largest single artifact upload (streamed, never buffered whole).</summary>
    public long MaxArtifactBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>How long in-flight requests may finish after shutdown begins.</summary>
    public TimeSpan ShutdownTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public string ResolvedBackendStore => string.IsNullOrWhiteSpace(BackendStore) ? Path.Combine(DataDir, "kiln.db") : BackendStore;

    public string ResolvedArtifacts => string.IsNullOrWhiteSpace(Artifacts) ? Path.Combine(DataDir, "artifacts") : Artifacts;
}
