using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// Multipart uploads of the local store: one folder per upload, named by a random id, holding the
/// target path and one file per part named <c>part-NNNNN-&lt;md5&gt;</c>, so a part's ETag lands
/// atomically with its content.
/// </summary>
internal sealed class LocalMultipartUploads(string uploadsDirectory, AtomicFileWriter writer)
{
    private const string TargetFileName = "target";
    private const string PartPrefix = "part-";
    private const int UploadIdBytes = 16;

    public async Task<string> CreateAsync(string path, CancellationToken cancellationToken)
    {
        var uploadId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(UploadIdBytes));
        var directory = Directory.CreateDirectory(Path.Combine(uploadsDirectory, uploadId));
        var target = Encoding.UTF8.GetBytes(path);
        await writer.WriteAsync(Path.Combine(directory.FullName, TargetFileName), target.Length, async (file, token) =>
        {
            await file.WriteAsync(target, token);
            return target.Length;
        }, cancellationToken);
        return uploadId;
    }

    public async Task<LocalMultipartUpload> OpenAsync(string path, string uploadId, CancellationToken cancellationToken)
    {
        if (!IsWellFormed(uploadId))
        {
            throw NoSuchUpload(path, uploadId);
        }
        var directory = Path.Combine(uploadsDirectory, uploadId);
        string target;
        try
        {
            target = await File.ReadAllTextAsync(Path.Combine(directory, TargetFileName), Encoding.UTF8, cancellationToken);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw NoSuchUpload(path, uploadId);
        }
        if (!string.Equals(target, path, StringComparison.Ordinal))
        {
            throw NoSuchUpload(path, uploadId);
        }
        return new LocalMultipartUpload(directory, uploadId);
    }

    public async Task<UploadedPart> UploadPartAsync(string path, string uploadId, int partNumber, Stream content, long? length, CancellationToken cancellationToken)
    {
        var upload = await OpenAsync(path, uploadId, cancellationToken);
        try
        {
            var part = await writer.WriteAsync(
                stored => upload.PartFilePath(stored.PartNumber, stored.ETag),
                length,
                async (file, token) =>
                {
                    using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
                    var size = await PooledStreamCopy.CopyAsync(content, file, md5, token);
                    ContentLength.EnsureMatches(path, length, size);
                    return new UploadedPart(partNumber, ETag.FromDigest(md5.GetHashAndReset()), size);
                },
                cancellationToken);
            upload.RemoveSupersededCopies(part);
            return part;
        }
        catch (DirectoryNotFoundException)
        {
            // Aborted or completed while this part was being written.
            throw NoSuchUpload(path, uploadId);
        }
    }

    public async Task<IReadOnlyList<UploadedPart>> ListPartsAsync(string path, string uploadId, CancellationToken cancellationToken)
    {
        var upload = await OpenAsync(path, uploadId, cancellationToken);
        return upload.CurrentParts().Select(stored => stored.Part).ToList();
    }

    /// <summary>Removes uploads whose folder has not changed since <paramref name="cutoff"/>; returns how many.</summary>
    public int RemoveInactiveSince(DateTime cutoff)
    {
        var removed = 0;
        foreach (var directory in new DirectoryInfo(uploadsDirectory).EnumerateDirectories())
        {
            if (directory.LastWriteTimeUtc < cutoff)
            {
                new LocalMultipartUpload(directory.FullName, directory.Name).Delete();
                removed++;
            }
        }
        return removed;
    }

    private static bool IsWellFormed(string uploadId) =>
        uploadId is { Length: UploadIdBytes * 2 } && uploadId.All(char.IsAsciiHexDigitLower);

    private static KilnException NoSuchUpload(string path, string uploadId) =>
        KilnException.NotFound($"No multipart upload with id {uploadId} for '{path}'");

    internal static bool TryParsePartFileName(string name, out int partNumber, out string etagHex)
    {
        partNumber = 0;
        etagHex = string.Empty;
        // part-NNNNN-<32 hex digits>
        if (name.Length != PartPrefix.Length + 5 + 1 + 32 || !name.StartsWith(PartPrefix, StringComparison.Ordinal) || name[PartPrefix.Length + 5] != '-')
        {
            return false;
        }
        etagHex = name[(PartPrefix.Length + 6)..];
        return int.TryParse(name.AsSpan(PartPrefix.Length, 5), NumberStyles.None, CultureInfo.InvariantCulture, out partNumber)
            && etagHex.All(char.IsAsciiHexDigitLower);
    }

    internal static string PartFileName(int partNumber, string etag) =>
        string.Create(CultureInfo.InvariantCulture, $"{PartPrefix}{partNumber:D5}-{ETag.Unquote(etag)}");
}
