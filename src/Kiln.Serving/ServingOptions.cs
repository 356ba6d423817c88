namespace Kiln.Serving;

/// <summary>What the server keeps loaded and how it serves it. Bound from <c>Kiln:Serving</c>.</summary>
public sealed class ServingOptions
{
    public const string Section = "Kiln:Serving";

    /// <summary>Serve models at all (the inference endpoints and the registry follower).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Aliases followed for every registered model, comma-separated, in priority order: the first one a model has is
    /// the version <c>/v2/models/{name}</c> answers with; the others stay loaded for <c>/versions/{v}</c>. Empty: none.
    /// </summary>
    public string Aliases { get; set; } = "production";

    /// <summary><see cref="Aliases"/> as a list.</summary>
    public IReadOnlyList<string> AliasList => Aliases.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Explicit entries; a model named here is served as its entries say rather than by <see cref="Aliases"/>.</summary>
    public List<ServedModelOptions> Models { get; set; } = [];

    /// <summary>Batching for models without an entry of their own (off unless set).</summary>
    public BatchingOptions? DefaultBatching { get; set; }

    /// <summary>ONNX Runtime intra-op threads per model without an entry of its own; 1 suits many concurrent requests.</summary>
    public int IntraOpThreads { get; set; } = 1;

    public int InterOpThreads { get; set; } = 1;

    /// <summary>Most model versions loaded at once (0: no limit). Versions beyond it that the configuration does not pin are unloaded, least recently used first.</summary>
    public int MaxLoadedModels { get; set; }

    /// <summary>Most bytes of model files loaded at once (0: no limit), with the same least-recently-used unloading.</summary>
    public long MaxModelMemoryBytes { get; set; }

    /// <summary>How often the registry is read for changes made elsewhere (other replicas); this server's own changes apply at once.</summary>
    public TimeSpan RegistryPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a version that failed to load is left alone before it is tried again (unless its alias moves or a load is requested).</summary>
    public TimeSpan LoadRetryInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Where model files are kept once downloaded; default <c>&lt;data dir&gt;/model-cache</c>.</summary>
    public string? CacheDir { get; set; }

    /// <summary>The model <c>POST /invocations</c> scores; default the only served model.</summary>
    public string? DefaultModel { get; set; }

    /// <summary>Largest inference request body (JSON plus binary tensors).</summary>
    public long MaxRequestBytes { get; set; } = 64L * 1024 * 1024;
}

/// <summary>One explicitly served model: a pinned version or a followed alias, with its own batching and threads.</summary>
public sealed class ServedModelOptions
{
    public string Model { get; set; } = string.Empty;

    /// <summary>A fixed version to serve.</summary>
    public long? Version { get; set; }

    /// <summary>An alias to follow (when no version is set; default: the first of <see cref="ServingOptions.Aliases"/>, else <c>production</c>).</summary>
    public string? Alias { get; set; }

    public BatchingOptions? Batching { get; set; }

    public int? IntraOpThreads { get; set; }

    public int? InterOpThreads { get; set; }
}

/// <summary>Dynamic batching of one model's requests (Triton's knobs).</summary>
public sealed class BatchingOptions
{
    /// <summary>Most rows in one run; requests are stacked along the first dimension up to this.</summary>
    public int MaxBatchSize { get; set; } = 32;

    /// <summary>Longest a request waits for others to fill a batch, in microseconds (0: batch only what is already queued).</summary>
    public int MaxQueueDelayMicroseconds { get; set; } = 500;

    /// <summary>Most requests waiting; past it requests are refused with 503 and Retry-After.</summary>
    public int MaxQueueSize { get; set; } = 1024;

    /// <summary>Longest a request may wait in the queue before it is refused (zero: no limit).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
