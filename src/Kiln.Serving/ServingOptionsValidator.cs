using Microsoft.Extensions.Options;

namespace Kiln.Serving;

/// <summary>Reports every bad serving setting at once, by its configuration key.</summary>
public sealed class ServingOptionsValidator : IValidateOptions<ServingOptions>
{
    public ValidateOptionsResult Validate(string? name, ServingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string prefix = ServingOptions.Section;
        foreach (var alias in options.AliasList)
        {
            if (alias.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                failures.Add($"{prefix}:Aliases: '{alias}' is not a valid alias name.");
            }
        }
        CheckThreads(failures, $"{prefix}:IntraOpThreads", options.IntraOpThreads);
        CheckThreads(failures, $"{prefix}:InterOpThreads", options.InterOpThreads);
        if (options.MaxLoadedModels < 0)
        {
            failures.Add($"{prefix}:MaxLoadedModels must be 0 (no limit) or positive; got {options.MaxLoadedModels}.");
        }
        if (options.MaxModelMemoryBytes < 0)
        {
            failures.Add($"{prefix}:MaxModelMemoryBytes must be 0 (no limit) or positive; got {options.MaxModelMemoryBytes}.");
        }
        if (options.RegistryPollInterval <= TimeSpan.Zero)
        {
            failures.Add($"{prefix}:RegistryPollInterval must be positive; got {options.RegistryPollInterval}.");
        }
        if (options.LoadRetryInterval < TimeSpan.Zero)
        {
            failures.Add($"{prefix}:LoadRetryInterval must not be negative.");
        }
        if (options.MaxRequestBytes < 1024)
        {
            failures.Add($"{prefix}:MaxRequestBytes must be at least 1024; got {options.MaxRequestBytes}.");
        }
        if (options.DefaultBatching is { } batching)
        {
            CheckBatching(failures, $"{prefix}:DefaultBatching", batching);
        }
        for (var i = 0; i < options.Models.Count; i++)
        {
            var entry = options.Models[i];
            var key = $"{prefix}:Models:{i}";
            if (string.IsNullOrWhiteSpace(entry.Model))
            {
                failures.Add($"{key}:Model must name a registered model.");
            }
            if (entry.Version is not null && entry.Alias is not null)
            {
                failures.Add($"{key}: set Version or Alias, not both.");
            }
            if (entry.Version is < 1)
            {
                failures.Add($"{key}:Version must be a version number (1 or more); got {entry.Version}.");
            }
            if (entry.Alias is not null && string.IsNullOrWhiteSpace(entry.Alias))
            {
                failures.Add($"{key}:Alias must name an alias.");
            }
            if (entry.IntraOpThreads is { } intra)
            {
                CheckThreads(failures, $"{key}:IntraOpThreads", intra);
            }
            if (entry.InterOpThreads is { } inter)
            {
                CheckThreads(failures, $"{key}:InterOpThreads", inter);
            }
            if (entry.Batching is { } entryBatching)
            {
                CheckBatching(failures, $"{key}:Batching", entryBatching);
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckThreads(List<string> failures, string key, int threads)
    {
        if (threads is < 0 or > 256)
        {
            failures.Add($"{key} must be between 0 (ONNX Runtime decides) and 256; got {threads}.");
        }
    }

    private static void CheckBatching(List<string> failures, string key, BatchingOptions batching)
    {
        if (batching.MaxBatchSize < 1)
        {
            failures.Add($"{key}:MaxBatchSize must be at least 1; got {batching.MaxBatchSize}.");
        }
        if (batching.MaxQueueDelayMicroseconds is < 0 or > 10_000_000)
        {
            failures.Add($"{key}:MaxQueueDelayMicroseconds must be between 0 and 10000000; got {batching.MaxQueueDelayMicroseconds}.");
        }
        if (batching.MaxQueueSize < 1)
        {
            failures.Add($"{key}:MaxQueueSize must be at least 1; got {batching.MaxQueueSize}.");
        }
        if (batching.Timeout < TimeSpan.Zero)
        {
            failures.Add($"{key}:Timeout must not be negative.");
        }
    }
}
