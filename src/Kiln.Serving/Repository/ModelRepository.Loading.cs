using Kiln.Core;
using Kiln.Storage.Entities;

namespace Kiln.Serving.Repository;

public sealed partial class ModelRepository
{
    /// <summary>Loads a version once however many callers ask at the same time, and records a failure with its reason.</summary>
    private Task<LoadedModel> LoadAsync(VersionKey key, ModelVersion version, ServingSettings settings, bool pinned, CancellationToken cancellationToken)
    {
        Task<LoadedModel> task;
        lock (_state)
        {
            if (_loaded.TryGetValue(key, out var loaded))
            {
                loaded.Pinned |= pinned;
                return Task.FromResult(loaded);
            }
            if (!_loading.TryGetValue(key, out task!))
            {
                task = LoadCoreAsync(key, version, settings, pinned, cancellationToken);
                if (!task.IsCompleted)
                {
                    _loading[key] = task;
                }
            }
        }
        return task;
    }

    private async Task<LoadedModel> LoadCoreAsync(VersionKey key, ModelVersion version, ServingSettings settings, bool pinned, CancellationToken cancellationToken)
    {
        await Task.Yield();
        try
        {
            var model = await _loader.LoadAsync(version, settings, OnDisposed, cancellationToken);
            lock (_state)
            {
                model.Pinned = pinned;
                _loaded[key] = model;
                _failures.TryRemove(key, out _);
            }
            return model;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var reason = ex is KilnException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
            _failures[key] = new LoadFailure(reason, _time.GetUtcNow(), pinned);
            _metrics.LoadFailed(key.Name, key.Version);
            var serving = _slots.TryGetValue(key.Name, out var slot) && slot.Current is { } current
                ? $"version {current.VersionText} keeps serving"
                : "no version of the model is serving";
            Log.ModelLoadFailed(_logger, key.Name, key.Version, serving, reason);
            throw new KilnException(ErrorCode.InvalidState, $"Model {key.Name} version {key.Version} failed to load: {reason}", ex);
        }
        finally
        {
            lock (_state)
            {
                _loading.TryRemove(key, out _);
            }
        }
    }

    private async Task LoadOnDemandAsync(string name, long version, CancellationToken cancellationToken)
    {
        var key = new VersionKey(name, version);
        if (_failures.TryGetValue(key, out var failure) && _time.GetUtcNow() - failure.At < _options.LoadRetryInterval)
        {
            throw new KilnException(ErrorCode.InvalidState, $"Model {name} version {version} failed to load: {failure.Reason}");
        }
        var modelVersion = await _registry.Store.GetModelVersionAsync(name, version, cancellationToken) ?? throw VersionNotFound(name, version);
        if (!HasRoomForUnpinned())
        {
            throw new KilnException(ErrorCode.TemporarilyUnavailable,
                $"Model {name} version {version} cannot be loaded: the serving capacity is taken by versions the configuration pins.");
        }
        await LoadAsync(key, modelVersion, SettingsFor(name), pinned: false, cancellationToken);
        EnforceCapacity();
    }

    /// <summary>
    /// The repository extension's load: makes a model serve again after an unload and retries failed loads. With a
    /// version, that version is loaded (and answers for the model if nothing else does); without one, the configured
    /// version, else the model's first followed alias, else its latest version.
    /// </summary>
    public async Task LoadModelAsync(string name, long? version, CancellationToken cancellationToken)
    {
        _ = await _registry.GetRegisteredModelAsync(name, cancellationToken);
        lock (_state)
        {
            _unloadedOnRequest.Remove(name);
            foreach (var key in _failures.Keys)
            {
                if (key.Name == name)
                {
                    _failures.TryRemove(key, out _);
                }
            }
        }
        if (version is null)
        {
            await ReconcileAsync(cancellationToken);
            if (_slots.TryGetValue(name, out var slot) && slot.Current is not null)
            {
                if (FailureReason(name, null) is { } reason)
                {
                    throw new KilnException(ErrorCode.InvalidState, $"Model '{name}' still serves version {slot.Current.VersionText}; {reason}");
                }
                return;
            }
            version = await PickVersionAsync(name, cancellationToken);
        }
        var key2 = new VersionKey(name, version.Value);
        var modelVersion = await _registry.Store.GetModelVersionAsync(name, version.Value, cancellationToken) ?? throw VersionNotFound(name, version.Value);
        var model = await LoadAsync(key2, modelVersion, SettingsFor(name), pinned: false, cancellationToken);
        lock (_state)
        {
            var slot = _slots.GetOrAdd(name, _ => new ModelSlot());
            if (slot.Current is null || !_loaded.ContainsKey(new VersionKey(name, slot.Current.Version)))
            {
                slot.Current = model;
            }
        }
        EnforceCapacity();
    }

    /// <summary>The repository extension's unload: every loaded version of the model, until it is loaded again.</summary>
    public async Task UnloadModelAsync(string name, CancellationToken cancellationToken)
    {
        _ = await _registry.GetRegisteredModelAsync(name, cancellationToken);
        lock (_state)
        {
            _unloadedOnRequest.Add(name);
            foreach (var (key, model) in _loaded)
            {
                if (key.Name == name)
                {
                    Unload(model, "unload requested");
                }
            }
            _slots.TryRemove(name, out _);
        }
    }

    /// <summary>The repository index: every loaded, loading and failed version, and the registered models with none loaded.</summary>
    public async Task<IReadOnlyList<RepositoryIndexEntry>> IndexAsync(bool readyOnly, CancellationToken cancellationToken)
    {
        var entries = new List<RepositoryIndexEntry>();
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, model) in _loaded)
        {
            var isDefault = _slots.TryGetValue(key.Name, out var slot) && ReferenceEquals(slot.Current, model);
            entries.Add(new RepositoryIndexEntry(key.Name, key.Version, ModelStates.Ready, isDefault ? "serving" : string.Empty));
            named.Add(key.Name);
        }
        if (!readyOnly)
        {
            foreach (var key in _loading.Keys)
            {
                entries.Add(new RepositoryIndexEntry(key.Name, key.Version, ModelStates.Loading, string.Empty));
                named.Add(key.Name);
            }
            foreach (var (key, failure) in _failures)
            {
                entries.Add(new RepositoryIndexEntry(key.Name, key.Version, ModelStates.Unavailable, failure.Reason));
                named.Add(key.Name);
            }
            string? pageToken = null;
            do
            {
                var page = await _registry.SearchRegisteredModelsAsync(null, 1000, null, pageToken, cancellationToken);
                foreach (var model in page.Items)
                {
                    if (named.Add(model.Name))
                    {
                        bool unloaded;
                        lock (_state)
                        {
                            unloaded = _unloadedOnRequest.Contains(model.Name);
                        }
                        entries.Add(new RepositoryIndexEntry(model.Name, null, ModelStates.Unavailable, unloaded ? "unloaded" : "not loaded"));
                    }
                }
                pageToken = page.NextPageToken;
            }
            while (!string.IsNullOrEmpty(pageToken));
        }
        entries.Sort((a, b) => a.Name != b.Name ? string.CompareOrdinal(a.Name, b.Name) : Nullable.Compare(a.Version, b.Version));
        return entries;
    }

    private async Task<long> PickVersionAsync(string name, CancellationToken cancellationToken)
    {
        foreach (var alias in _aliases)
        {
            try
            {
                return (await _registry.Store.GetModelVersionByAliasAsync(name, alias, cancellationToken)).Version;
            }
            catch (KilnException ex) when (ex.Code == ErrorCode.ResourceDoesNotExist)
            {
            }
        }
        var latest = await _registry.GetLatestVersionsAsync(name, null, cancellationToken);
        return latest.Count > 0 ? latest.Max(v => v.Version) : throw KilnException.NotFound($"Registered model '{name}' has no version to load.");
    }

    /// <summary>Takes a version out of service; requests holding leases finish first. Call under the state lock.</summary>
    private void Unload(LoadedModel model, string why)
    {
        var key = new VersionKey(model.Name, model.Version);
        if (!_loaded.TryGetValue(key, out var current) || !ReferenceEquals(current, model))
        {
            return;
        }
        Log.ModelUnloading(_logger, model.Name, model.Version, why);
        _loaded.TryRemove(key, out _);
        if (_slots.TryGetValue(model.Name, out var slot) && ReferenceEquals(slot.Current, model))
        {
            slot.Current = null;
            _slots.TryRemove(model.Name, out _);
        }
        _metrics.Remove(model.Name, model.Version);
        model.Retire();
    }

    private static void OnDisposed(LoadedModel model)
    {
    }

    private bool OverCapacity(int count, long bytes) =>
        (_options.MaxLoadedModels > 0 && count > _options.MaxLoadedModels) || (_options.MaxModelMemoryBytes > 0 && bytes > _options.MaxModelMemoryBytes);

    private bool HasRoomForUnpinned()
    {
        if (_options.MaxLoadedModels <= 0 && _options.MaxModelMemoryBytes <= 0)
        {
            return true;
        }
        // Room exists when some loaded version could be unloaded for it, or the limits are not reached.
        var count = 0;
        long bytes = 0;
        var evictable = false;
        foreach (var model in _loaded.Values)
        {
            count++;
            bytes += model.SizeBytes;
            evictable |= !model.Pinned && !IsDefault(model);
        }
        return evictable || !OverCapacity(count + 1, bytes);
    }

    /// <summary>Unloads unpinned versions, least recently used first, until the loaded set fits the limits.</summary>
    private void EnforceCapacity()
    {
        if (_options.MaxLoadedModels <= 0 && _options.MaxModelMemoryBytes <= 0)
        {
            return;
        }
        lock (_state)
        {
            var models = _loaded.Values.ToList();
            var count = models.Count;
            var bytes = models.Sum(m => m.SizeBytes);
            var candidates = models.Where(m => !m.Pinned && !IsDefault(m)).OrderBy(m => m.LastUsed).ToList();
            foreach (var candidate in candidates)
            {
                if (!OverCapacity(count, bytes))
                {
                    return;
                }
                Unload(candidate, "least recently used beyond the serving capacity");
                count--;
                bytes -= candidate.SizeBytes;
            }
            if (OverCapacity(count, bytes))
            {
                Log.OverCapacity(_logger, count, bytes);
            }
        }
    }

    private bool IsDefault(LoadedModel model) =>
        _slots.TryGetValue(model.Name, out var slot) && ReferenceEquals(slot.Current, model) && model.Pinned;
}
