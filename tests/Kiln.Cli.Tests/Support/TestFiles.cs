using System.Security.Cryptography;

namespace Kiln.Cli.Tests.Support;

internal static class TestFiles
{
    /// <summary>Writes a file of random bytes, in chunks so large files never sit in memory whole.</summary>
    public static void WriteRandom(string path, long length)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var file = File.Create(path);
        var buffer = new byte[1 << 20];
        for (var left = length; left > 0; left -= buffer.Length)
        {
            RandomNumberGenerator.Fill(buffer);
            file.Write(buffer, 0, (int)Math.Min(buffer.Length, left));
        }
    }

    public static string Hash(string path)
    {
        using var file = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(file));
    }

    /// <summary>Every file under a folder by relative path, with its hash.</summary>
    public static SortedDictionary<string, string> Tree(string root) =>
        new(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(root, f).Replace('\\', '/'), Hash), StringComparer.Ordinal);
}
