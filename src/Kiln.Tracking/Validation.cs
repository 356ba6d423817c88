using System.Globalization;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Storage.Entities;

namespace Kiln.Tracking;

/// <summary>MLflow's input rules for tracking entities, with MLflow's messages.</summary>
public static partial class Validation
{
    public const int MaxEntityKeyLength = 250;
    public const int MaxParamValueLength = 6000;
    public const int MaxTagValueLength = 5000;
    public const int MaxExperimentNameLength = 500;
    public const int MaxMetricsPerBatch = 1000;
    public const int MaxParamsPerBatch = 100;
    public const int MaxTagsPerBatch = 100;
    public const int MaxEntitiesPerBatch = 1000;
    public const int MaxDatasetNameLength = 500;
    public const int MaxDatasetDigestLength = 36;
    public const int MaxDatasetSourceLength = 65535;
    public const int MaxDatasetSchemaLength = 1048575;
    public const int MaxDatasetProfileLength = 16777215;
    public const int MaxInputTagKeyLength = 255;
    public const int MaxInputTagValueLength = 500;

    [GeneratedRegex(@"^[/\w.\- ]*$")]
    private static partial Regex ValidName();

    [GeneratedRegex(@"^[a-zA-Z0-9][\w\-]{0,255}$")]
    private static partial Regex ValidRunId();

    private const int MaxRememberedNames = 65_536;
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> ValidNames = new(StringComparer.Ordinal);

    /// <summary>Checks a metric, param or tag key; <paramref name="kind"/> is "metric", "parameter" or "tag".</summary>
    public static void EntityName(string? name, string kind)
    {
        // Training loops log the same few keys thousands of times: a key seen valid once is valid again.
        if (name is not null && ValidNames.ContainsKey(name))
        {
            return;
        }
        CheckEntityName(name, kind);
        if (ValidNames.Count < MaxRememberedNames)
        {
            ValidNames.TryAdd(name!, 0);
        }
    }

    private static void CheckEntityName(string? name, string kind)
    {
        if (name is null)
        {
            throw KilnException.InvalidParameter($"{char.ToUpperInvariant(kind[0])}{kind[1..]} name cannot be None. A key name must be provided.");
        }
        if (!ValidName().IsMatch(name))
        {
            throw KilnException.InvalidParameter(
                $"Invalid {kind} name: '{name}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), and slashes (/).");
        }
        var normalized = PosixPath.Normalize(name);
        if (normalized != name || normalized == "." || normalized.StartsWith("..", StringComparison.Ordinal) || normalized.StartsWith('/'))
        {
            throw KilnException.InvalidParameter(
                $"Invalid {kind} name: '{name}'. Names may be treated as files in certain cases, and must not resolve to other names when treated as such. This name would resolve to '{normalized}'");
        }
        Length(kind switch { "metric" => "Metric name", "parameter" => "Param key", _ => "Tag key" }, name, MaxEntityKeyLength);
    }

    public static void Length(string what, string? value, int limit)
    {
        if (value is not null && value.Length > limit)
        {
            throw ExceedsLength(what, limit);
        }
    }

    public static KilnException ExceedsLength(string what, int limit) =>
        KilnException.InvalidParameter($"'{what}' exceeds the maximum length of {limit.ToString(CultureInfo.InvariantCulture)} characters");

    /// <summary>Param and run-tag values over the limit are cut to it, as MLflow's server does by default.</summary>
    public static string Truncate(string value, int limit) => value.Length > limit ? value[..limit] : value;

    public static void Metric(in Metric metric)
    {
        EntityName(metric.Key, "metric");
        if (metric.Timestamp < 0)
        {
            throw KilnException.InvalidParameter(
                $"Got invalid timestamp {metric.Timestamp} for metric '{metric.Key}' (value={PythonFloat(metric.Value)}). Timestamp must be a nonnegative long (64-bit integer) ");
        }
    }

    public static void RunId(string runId)
    {
        if (!ValidRunId().IsMatch(runId))
        {
            throw KilnException.InvalidParameter($"Invalid run ID: '{runId}'");
        }
    }

    public static void ExperimentName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw KilnException.InvalidParameter($"Invalid experiment name: '{name}'");
        }
        Length("name", name, MaxExperimentNameLength);
    }

    public static void BatchLimits(int metrics, int parameters, int tags)
    {
        Limit(metrics, MaxMetricsPerBatch, "metrics");
        Limit(parameters, MaxParamsPerBatch, "params");
        Limit(tags, MaxTagsPerBatch, "tags");
        Limit(metrics + parameters + tags, MaxEntitiesPerBatch, "metrics, params, and tags");

        static void Limit(int count, int limit, string what)
        {
            if (count > limit)
            {
                throw KilnException.InvalidParameter(
                    $"A batch logging request can contain at most {limit} {what}. Got {count} {what}. Please split up {what} across multiple requests and try again.");
            }
        }
    }

    public static void UniqueParamKeys(IReadOnlyList<KeyValue> parameters)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        List<string>? duplicates = null;
        foreach (var parameter in parameters)
        {
            if (!seen.Add(parameter.Key))
            {
                (duplicates ??= []).Add(parameter.Key);
            }
        }
        if (duplicates is not null)
        {
            throw KilnException.InvalidParameter(
                $"Duplicate parameter keys have been submitted: {PythonRepr.List(duplicates)}. Please ensure the request contains only one param value per param key.");
        }
    }

    /// <summary>Python's str() of a float, as MLflow's messages print metric values.</summary>
    public static string PythonFloat(double value) => value switch
    {
        double.NaN => "nan",
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when value == Math.Floor(value) && Math.Abs(value) < 1e16 => value.ToString("0.0", CultureInfo.InvariantCulture),
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
