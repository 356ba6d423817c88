using Kiln.Core;

namespace Kiln.Storage.Artifacts;

public sealed partial class LocalArtifactStore
{
    /// <summary>The normalized path and where it lives on disk; never outside the root, never in an internal folder.</summary>
    private (string Normalized, string FullPath) Resolve(string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            return (normalized, _root);
        }
        var firstSegment = normalized.Split('/', 2)[0];
        if (IsInternalName(firstSegment))
        {
            throw KilnException.InvalidParameter($"Invalid path: {path} ('{firstSegment}' is reserved for the store's own use)");
        }
        var fullPath = Path.GetFullPath(Path.Combine(_root, normalized));
        if (!fullPath.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw KilnException.InvalidParameter($"Invalid path: {path}");
        }
        return (normalized, fullPath);
    }

    /// <summary>Resolves a path a file is about to be written to, creating its parent folders.</summary>
    private (string Normalized, string FullPath) ResolveFile(string path)
    {
        var (normalized, fullPath) = Resolve(path);
        if (normalized.Length == 0)
        {
            throw KilnException.InvalidParameter("A file path is required");
        }
        if (Directory.Exists(fullPath))
        {
            throw KilnException.InvalidParameter($"Cannot write a file at '{normalized}': it is a directory");
        }
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(fullPath)!);
        }
        catch (IOException)
        {
            throw KilnException.InvalidParameter($"Cannot write a file at '{normalized}': a parent of it is a file");
        }
        return (normalized, fullPath);
    }

    private static bool IsInternalName(string name) =>
        name.Equals(TempFolderName, StringComparison.OrdinalIgnoreCase) || name.Equals(UploadsFolderName, StringComparison.OrdinalIgnoreCase);
}
