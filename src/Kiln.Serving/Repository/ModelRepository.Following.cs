using Kiln.Core;
using Kiln.Storage.Entities;

namespace Kiln.Serving.Repository;

public sealed partial class ModelRepository
{
    /// <summary>A version the configuration wants loaded; the first per model is the one it answers with.</summary>
    private sealed record DesiredVersion(long Version, ServingSettings Settings);

    private async Task FollowAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReconcileAsync(cancellationToken);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ReconcileFailed(_logger, ex);
            }
            finally
            {
                _ready = true;
            }
            using var poll = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            poll.CancelAfter(_options.RegistryPollInterval);
            try
            {
                await _wakeups.Reader.ReadAsync(poll.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
        }
    }

    /// <summary>Brings the loaded set in line with the configuration and the registry as they are now.</summary>
    private async Task ReconcileAsync(CancellationToken cancellationToken)
    {
        await _reconcileGate.WaitAsync(cancellationToken);
        try
        {
            var desired = await ComputeDesiredAsync(cancellationToken);
            foreach (var (name, versions) in desired)
            {
                foreach (var wanted in versions)
                {
                    await EnsureLoadedAsync(name, wanted, cancellationToken);
                }
                lock (_state)
                {
                    var slot = _slots.GetOrAdd(name, _ => new ModelSlot());
                    if (_loaded.TryGetValue(new VersionKey(name, versions[0].Version), out var model) && !ReferenceEquals(slot.Current, model))
                    {
                        var previous = slot.Current;
                        slot.Current = model;
                        Log.ModelSwapped(_logger, name, model.Version, previous?.VersionText ?? "none");
                    }
                }
            }
            lock (_state)
            {
                foreach (var (key, model) in _loaded)
                {
                    if (!model.Pinned || (desired.TryGetValue(key.Name, out var versions) && versions.Exists(v => v.Version == key.Version)))
                    {
                        continue;
                    }
                    // The version the model answers with stays while its configured successor failed to load.
                    var slot = _slots.GetValueOrDefault(key.Name);
                    if (ReferenceEquals(slot?.Current, model) && desired.ContainsKey(key.Name))
                    {
                        continue;
                    }
                    Unload(model, "the configuration no longer names it");
                }
                foreach (var (key, failure) in _failures)
                {
                    if (failure.Pinned && !(desired.TryGetValue(key.Name, out var versions) && versions.Exists(v => v.Version == key.Version)))
                    {
                        _failures.TryRemove(key, out _);
                    }
                }
            }
            EnforceCapacity();
        }
        finally
        {
            _reconcileGate.Release();
        }
    }

    private async Task EnsureLoadedAsync(string name, DesiredVersion wanted, CancellationToken cancellationToken)
    {
        var key = new VersionKey(name, wanted.Version);
        if (_loaded.TryGetValue(key, out var loaded))
        {
            loaded.Pinned = true;
            return;
        }
        if (_failures.TryGetValue(key, out var failure) && _time.GetUtcNow() - failure.At < _options.LoadRetryInterval)
        {
            return;
        }
        var version = await _registry.Store.GetModelVersionAsync(name, wanted.Version, cancellationToken);
        if (version is null)
        {
            return;
        }
        try
        {
            await LoadAsync(key, version, wanted.Settings, pinned: true, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded (state, reason, log, metric) by LoadAsync; the previous version keeps serving.
        }
    }

    /// <summary>Per model, the versions the configuration wants, the one to answer with first.</summary>
    private async Task<Dictionary<string, List<DesiredVersion>>> ComputeDesiredAsync(CancellationToken cancellationToken)
    {
        var desired = new Dictionary<string, List<DesiredVersion>>(StringComparer.Ordinal);
        var explicitModels = new HashSet<string>(_options.Models.Select(m => m.Model), StringComparer.Ordinal);
        IReadOnlyList<AliasTarget> targets = _aliases.Count > 0 || _options.Models.Exists(m => m.Version is null)
            ? await _registry.Store.ListAliasTargetsAsync(null, cancellationToken)
            : [];
        var byModel = targets.ToLookup(t => t.ModelName, StringComparer.Ordinal);
        var defaults = DefaultSettings();
        foreach (var model in byModel)
        {
            if (explicitModels.Contains(model.Key))
            {
                continue;
            }
            foreach (var alias in _aliases)
            {
                var target = model.FirstOrDefault(t => string.Equals(t.Alias, alias, StringComparison.Ordinal));
                if (target is not null)
                {
                    Add(desired, model.Key, new DesiredVersion(target.Version, defaults));
                }
            }
        }
        foreach (var entry in _options.Models)
        {
            long? version = entry.Version;
            if (version is null)
            {
                var alias = entry.Alias ?? (_aliases.Count > 0 ? _aliases[0] : "production");
                version = byModel[entry.Model].FirstOrDefault(t => string.Equals(t.Alias, alias, StringComparison.Ordinal))?.Version;
            }
            if (version is not null)
            {
                Add(desired, entry.Model, new DesiredVersion(version.Value, SettingsFor(entry)));
            }
        }
        lock (_state)
        {
            foreach (var name in _unloadedOnRequest)
            {
                desired.Remove(name);
            }
        }
        return desired;

        static void Add(Dictionary<string, List<DesiredVersion>> desired, string name, DesiredVersion version)
        {
            if (!desired.TryGetValue(name, out var list))
            {
                desired[name] = list = [];
            }
            if (!list.Exists(v => v.Version == version.Version))
            {
                list.Add(version);
            }
        }
    }

    private ServingSettings DefaultSettings() => new(_options.IntraOpThreads, _options.InterOpThreads, _options.DefaultBatching);

    private ServingSettings SettingsFor(ServedModelOptions entry) =>
        new(entry.IntraOpThreads ?? _options.IntraOpThreads, entry.InterOpThreads ?? _options.InterOpThreads, entry.Batching ?? _options.DefaultBatching);

    /// <summary>Settings for a model by name: those of its first explicit entry, else the defaults.</summary>
    private ServingSettings SettingsFor(string name)
    {
        var entry = _options.Models.Find(m => string.Equals(m.Model, name, StringComparison.Ordinal));
        return entry is null ? DefaultSettings() : SettingsFor(entry);
    }

    /// <summary>Registers a version not already known to the registry as not found.</summary>
    private static KilnException VersionNotFound(string name, long version) =>
        KilnException.NotFound($"Model version (name={name}, version={version}) not found.");
}
