using System.Collections.Concurrent;
using System.Threading.Channels;
using Kiln.Core;
using Kiln.Registry;
using Microsoft.Extensions.Logging;

namespace Kiln.Serving.Repository;

/// <summary>
/// Keeps loaded exactly what the serving configuration asks for and follows the registry live: when an alias moves,
/// the new version is loaded and validated beside the old one, then swapped in atomically; requests already running
/// finish on the old version, which is disposed after its last lease. A failed load leaves the old version serving
/// and is recorded with its reason. Versions asked for explicitly load on demand and are unloaded, least recently
/// used first, when the capacity limits are reached.
/// </summary>
public sealed partial class ModelRepository : IAsyncDisposable
{
    private readonly ServingOptions _options;
    private readonly RegistryService _registry;
    private readonly ModelLoader _loader;
    private readonly InferenceMetrics _metrics;
    private readonly ILogger<ModelRepository> _logger;
    private readonly TimeProvider _time;
    private readonly Lock _state = new();
    private readonly ConcurrentDictionary<string, ModelSlot> _slots = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<VersionKey, LoadedModel> _loaded = new();
    private readonly ConcurrentDictionary<VersionKey, Task<LoadedModel>> _loading = new();
    private readonly ConcurrentDictionary<VersionKey, LoadFailure> _failures = new();
    private readonly HashSet<string> _unloadedOnRequest = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _reconcileGate = new(1, 1);
    private readonly Channel<bool> _wakeups = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private Task? _follower;
    private readonly IReadOnlyList<string> _aliases;
    private volatile bool _ready;

    public ModelRepository(ServingOptions options, RegistryService registry, ModelLoader loader, InferenceMetrics metrics, ILogger<ModelRepository> logger, TimeProvider time)
    {
        _options = options;
        _aliases = options.AliasList;
        _registry = registry;
        _loader = loader;
        _metrics = metrics;
        _logger = logger;
        _time = time;
        metrics.ObserveLoadedModels(() => _loaded.Count);
        registry.ModelChanged += _ => _wakeups.Writer.TryWrite(true);
    }

    /// <summary>True once the configuration has been applied for the first time (whatever failed to load).</summary>
    public bool IsReady => _ready;

    /// <summary>Names of the models that answer without a version, in name order.</summary>
    public IReadOnlyList<string> ServedModelNames
    {
        get
        {
            var names = new List<string>();
            foreach (var (name, slot) in _slots)
            {
                if (slot.Current is not null)
                {
                    names.Add(name);
                }
            }
            names.Sort(StringComparer.Ordinal);
            return names;
        }
    }

    /// <summary>Starts following the registry: applies the configuration now and again on every change and poll.</summary>
    public void Start()
    {
        _follower ??= Task.Run(() => FollowAsync(_stopping.Token));
    }

    /// <summary>Waits until the configuration has been applied once (tests, start-up).</summary>
    public async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        while (!_ready)
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Leases the version a model answers with by default. The hot path: no locks, one interlocked increment.</summary>
    public bool TryAcquire(string name, out ModelLease lease)
    {
        if (_slots.TryGetValue(name, out var slot))
        {
            while (slot.Current is { } model)
            {
                if (model.TryAcquire())
                {
                    model.Touch();
                    lease = new ModelLease(model);
                    return true;
                }
                // Retired between the read and the lease: the slot already points at its successor (or at nothing).
                Thread.Yield();
            }
        }
        lease = default;
        return false;
    }

    /// <summary>Leases a loaded version.</summary>
    public bool TryAcquire(string name, long version, out ModelLease lease)
    {
        if (_loaded.TryGetValue(new VersionKey(name, version), out var model) && model.TryAcquire())
        {
            model.Touch();
            lease = new ModelLease(model);
            return true;
        }
        lease = default;
        return false;
    }

    /// <summary>
    /// Leases the default version of a model, or the given version, loading that version on demand if the registry has
    /// it. Fails not-found for an unknown model or version, invalid-state with the reason for a version that fails to load.
    /// </summary>
    public async ValueTask<ModelLease> AcquireAsync(string name, long? version, CancellationToken cancellationToken)
    {
        if (version is null)
        {
            if (TryAcquire(name, out var lease))
            {
                return lease;
            }
            throw NotServed(name);
        }
        for (var attempt = 0; attempt < 3; attempt++)
        {
            if (TryAcquire(name, version.Value, out var lease))
            {
                return lease;
            }
            await LoadOnDemandAsync(name, version.Value, cancellationToken);
        }
        throw new KilnException(ErrorCode.TemporarilyUnavailable, $"Model {name} version {version} was unloaded while loading; retry.");
    }

    /// <summary>The versions of a model now loaded, in ascending order.</summary>
    public IReadOnlyList<long> LoadedVersions(string name)
    {
        var versions = new List<long>();
        foreach (var key in _loaded.Keys)
        {
            if (key.Name == name)
            {
                versions.Add(key.Version);
            }
        }
        versions.Sort();
        return versions;
    }

    /// <summary>Why a model version is not serving, when a load failed; else null.</summary>
    public string? FailureReason(string name, long? version)
    {
        foreach (var (key, failure) in _failures)
        {
            if (key.Name == name && (version is null || key.Version == version))
            {
                return $"version {key.Version} failed to load: {failure.Reason}";
            }
        }
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        if (_follower is not null)
        {
            try
            {
                await _follower;
            }
            catch (OperationCanceledException)
            {
            }
        }
        lock (_state)
        {
            foreach (var model in _loaded.Values)
            {
                Unload(model, "the server is stopping");
            }
        }
        _stopping.Dispose();
        _reconcileGate.Dispose();
    }

    private KilnException NotServed(string name)
    {
        var reason = FailureReason(name, null);
        return reason is not null
            ? new KilnException(ErrorCode.InvalidState, $"Model '{name}' is not ready: {reason}")
            : KilnException.NotFound($"Model '{name}' is not served. Models are served through the {string.Join(" or ", _aliases.Select(a => $"'{a}'"))} alias, the serving configuration, or a repository load request.");
    }

    private readonly record struct VersionKey(string Name, long Version);

    private sealed record LoadFailure(string Reason, DateTimeOffset At, bool Pinned);

    private sealed class ModelSlot
    {
        private LoadedModel? _current;

        public LoadedModel? Current
        {
            get => Volatile.Read(ref _current);
            set => Volatile.Write(ref _current, value);
        }
    }
}
