using System.Globalization;
using System.Text.RegularExpressions;
using Kiln.Core;
using Kiln.Storage.Entities;
using Kiln.Tracking;

namespace Kiln.Registry;

/// <summary>MLflow's registry input rules, with MLflow's messages.</summary>
public static partial class RegistryValidation
{
    public const int MaxAliasLength = 255;
    public const int MaxTagValueLength = 5000;
    public const int MaxSearchModelsResults = 1000;
    public const int MaxSearchVersionsResults = 200000;

    public static readonly string[] Stages = ["None", "Staging", "Production", "Archived"];

    [GeneratedRegex(@"^[\w\-]*$")]
    private static partial Regex ValidAlias();

    [GeneratedRegex(@"^[vV]\d+$")]
    private static partial Regex VersionAlias();

    public static void ModelName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw KilnException.InvalidParameter("Missing value for required parameter 'name'. See the API docs for more information about request parameters.");
        }
    }

    public static long Version(string? version) =>
        long.TryParse(version, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw KilnException.InvalidParameter($"Model version must be an integer, got '{version}'");

    public static void Alias(string? alias)
    {
        if (string.IsNullOrEmpty(alias))
        {
            throw KilnException.InvalidParameter("Registered model alias name cannot be empty.");
        }
        if (!ValidAlias().IsMatch(alias))
        {
            throw KilnException.InvalidParameter($"Invalid alias name: '{alias}'. Names may only contain alphanumerics, underscores (_), and dashes (-).");
        }
        Validation.Length("Registered model alias name", alias, MaxAliasLength);
        if (alias.Equals("latest", StringComparison.OrdinalIgnoreCase))
        {
            throw KilnException.InvalidParameter("'latest' alias name (case insensitive) is reserved.");
        }
        if (VersionAlias().IsMatch(alias))
        {
            throw KilnException.InvalidParameter($"Version alias name '{alias}' is reserved.");
        }
    }

    public static KeyValue Tag(KeyValue tag)
    {
        Validation.EntityName(tag.Key, "tag");
        if (tag.Value is null)
        {
            throw KilnException.InvalidParameter("Tag value cannot be None");
        }
        Validation.Length("Tag value", tag.Value, MaxTagValueLength);
        return tag;
    }

    /// <summary>Stage names are matched case-insensitively and returned in MLflow's canonical spelling.</summary>
    public static string Stage(string? stage)
    {
        foreach (var canonical in Stages)
        {
            if (string.Equals(canonical, stage, StringComparison.OrdinalIgnoreCase))
            {
                return canonical;
            }
        }
        throw KilnException.InvalidParameter($"Invalid Model Version stage: {stage}. Value must be one of None, Staging, Production, Archived.");
    }

    /// <summary>
    /// MLflow's check on model version sources: the path part must already be absolute and normalized (no
    /// relative references, even percent-encoded), and local paths are not accepted from a remote client.
    /// </summary>
    public static void Source(string? source)
    {
        if (string.IsNullOrEmpty(source))
        {
            throw KilnException.InvalidParameter("Missing value for required parameter 'source'. See the API docs for more information about request parameters.");
        }
        var decoded = source;
        for (var i = 0; i < 10; i++)
        {
            var next = Uri.UnescapeDataString(decoded);
            if (next == decoded)
            {
                break;
            }
            decoded = next;
        }
        var isLocal = !decoded.Contains(':', StringComparison.Ordinal) || decoded.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
        if (isLocal)
        {
            throw KilnException.InvalidParameter(
                $"Invalid model version source: '{source}'. To use a local path as a model version source, the run_id request parameter has to be specified and the local path has to be contained within the artifact directory of the run specified by the run_id.");
        }
        var path = PathPart(decoded);
        if (path.Contains('\0', StringComparison.Ordinal) || path.Split('/').Any(segment => segment is "." or ".."))
        {
            throw KilnException.InvalidParameter(
                $"Invalid model version source: '{source}'. If supplying a source as an http, https, local file path, ftp, objectstore, or mlflow-artifacts uri, an absolute path must be provided without relative path references present. Please provide an absolute path.");
        }
    }

    private static string PathPart(string uri)
    {
        var scheme = uri.IndexOf(':', StringComparison.Ordinal);
        var rest = uri[(scheme + 1)..];
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            rest = slash < 0 ? string.Empty : rest[slash..];
        }
        var query = rest.IndexOfAny(['?', '#']);
        return query < 0 ? rest : rest[..query];
    }

    public static int MaxResults(int? maxResults, int fallback, int limit)
    {
        var value = maxResults ?? fallback;
        if (value < 1)
        {
            throw KilnException.InvalidParameter($"Invalid value for max_results. It must be a positive integer, but got {value}");
        }
        if (value > limit)
        {
            throw KilnException.InvalidParameter($"Invalid value for request parameter max_results. It must be at most {limit}, but got value {value}");
        }
        return value;
    }
}
