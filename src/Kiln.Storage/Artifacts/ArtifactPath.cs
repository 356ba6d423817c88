using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>Validation and normalization of artifact paths: relative, '/'-separated, never escaping the root.</summary>
public static class ArtifactPath
{
    /// <summary>Normalizes a relative path ("a//b/" → "a/b"); rejects what MLflow rejects (absolute paths, "..", backslashes, '#') plus "." segments and control characters.</summary>
    public static string Normalize(string? path)
    {
        if (string.IsNullOrEmpty(path))
        {
            return string.Empty;
        }
        if (path.StartsWith('/') || path.Contains('\\', StringComparison.Ordinal) || path.Contains('#', StringComparison.Ordinal)
            || path.Contains("%23", StringComparison.OrdinalIgnoreCase) || IsWindowsAbsolute(path))
        {
            throw Invalid();
        }
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments)
        {
            if (segment is "." or ".." || segment.Any(char.IsControl))
            {
                throw Invalid();
            }
        }
        return string.Join('/', segments);
    }

    private static bool IsWindowsAbsolute(string path) => path.Length >= 2 && char.IsAsciiLetter(path[0]) && path[1] == ':';

    public static string Combine(string directory, string name) =>
        directory.Length == 0 ? name : name.Length == 0 ? directory : directory + "/" + name;

    private static KilnException Invalid() => KilnException.InvalidParameter("Invalid path");
}
