namespace Kiln.Storage.Artifacts;

/// <summary>S3-style entity tags: a quoted hex digest, compared without regard to quotes or case.</summary>
internal static class ETag
{
    public static string FromDigest(ReadOnlySpan<byte> digest) => "\"" + Convert.ToHexStringLower(digest) + "\"";

    public static string Unquote(string etag) => etag.Trim().Trim('"');

    public static bool AreEqual(string left, string right) =>
        string.Equals(Unquote(left), Unquote(right), StringComparison.OrdinalIgnoreCase);
}
