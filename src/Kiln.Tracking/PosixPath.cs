namespace Kiln.Tracking;

/// <summary>Python's posixpath.normpath, which MLflow uses to decide whether a key could name another file.</summary>
public static class PosixPath
{
    public static string Normalize(string path)
    {
        if (path.Length == 0)
        {
            return ".";
        }
        if (IsAlreadyNormal(path))
        {
            return path;
        }
        // POSIX keeps exactly two leading slashes; one or three-plus become one.
        var leading = path.StartsWith('/') ? (path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("///", StringComparison.Ordinal) ? 2 : 1) : 0;
        var parts = new List<string>();
        foreach (var part in path.Split('/'))
        {
            if (part.Length == 0 || part == ".")
            {
                continue;
            }
            if (part != ".." || (leading == 0 && parts.Count == 0) || (parts.Count > 0 && parts[^1] == ".."))
            {
                parts.Add(part);
            }
            else if (parts.Count > 0)
            {
                parts.RemoveAt(parts.Count - 1);
            }
        }
        var normalized = new string('/', leading) + string.Join('/', parts);
        return normalized.Length == 0 ? "." : normalized;
    }

    /// <summary>No leading or trailing slash, no empty, "." or ".." segment: normpath would return it unchanged.</summary>
    private static bool IsAlreadyNormal(string path)
    {
        if (path[0] == '/' || path[^1] == '/')
        {
            return false;
        }
        var segmentStart = 0;
        for (var i = 0; i <= path.Length; i++)
        {
            if (i == path.Length || path[i] == '/')
            {
                var length = i - segmentStart;
                if (length == 0 || (length == 1 && path[segmentStart] == '.') || (length == 2 && path[segmentStart] == '.' && path[segmentStart + 1] == '.'))
                {
                    return false;
                }
                segmentStart = i + 1;
            }
        }
        return true;
    }
}
