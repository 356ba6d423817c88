using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>Checks a declared content length against what the stream delivered.</summary>
internal static class ContentLength
{
    public static void EnsureMatches(string path, long? declared, long actual)
    {
        if (declared is { } expected && expected != actual)
        {
            throw KilnException.InvalidParameter($"Content for {path} was declared as {expected} bytes but the stream delivered {actual}");
        }
    }

    public static void EnsureValid(long? length)
    {
        if (length is < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "A content length cannot be negative");
        }
    }
}
