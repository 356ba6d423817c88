using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>One multipart upload's folder and the parts stored in it.</summary>
internal sealed class LocalMultipartUpload(string directory, string uploadId)
{
    public string PartFilePath(int partNumber, string etag) => Path.Combine(directory, LocalMultipartUploads.PartFileName(partNumber, etag));

    /// <summary>For each part number, the most recently written copy.</summary>
    public IEnumerable<StoredPart> CurrentParts() =>
        StoredParts()
            .GroupBy(stored => stored.Part.PartNumber)
            .Select(copies => copies.MaxBy(stored => stored.File.LastWriteTimeUtc)!)
            .OrderBy(stored => stored.Part.PartNumber);

    /// <summary>Removes older copies of a part that was uploaded again (with other content, so under another name).</summary>
    public void RemoveSupersededCopies(UploadedPart latest)
    {
        var latestFile = new FileInfo(PartFilePath(latest.PartNumber, latest.ETag));
        foreach (var stored in StoredParts())
        {
            // A copy written after ours belongs to a concurrent upload of the same part: leave it be.
            if (stored.Part.PartNumber == latest.PartNumber && stored.File.Name != latestFile.Name
                && stored.File.LastWriteTimeUtc <= latestFile.LastWriteTimeUtc)
            {
                stored.File.Delete();
            }
        }
    }

    /// <summary>The stored files for the parts a client lists for completion, checking each ETag and (when given) size.</summary>
    public FileInfo[] MatchParts(IReadOnlyList<UploadedPart> requested)
    {
        var stored = StoredParts().ToLookup(part => part.Part.PartNumber);
        var files = new FileInfo[requested.Count];
        for (var i = 0; i < requested.Count; i++)
        {
            var wanted = requested[i];
            var copies = stored[wanted.PartNumber].ToList();
            if (copies.Count == 0)
            {
                throw KilnException.InvalidParameter($"Part {wanted.PartNumber} of multipart upload {uploadId} was never uploaded");
            }
            var match = copies.Find(copy => ETag.AreEqual(copy.Part.ETag, wanted.ETag))
                ?? throw KilnException.InvalidParameter(
                    $"Part {wanted.PartNumber} of multipart upload {uploadId} has ETag {copies[0].Part.ETag}, not {wanted.ETag}");
            if (wanted.Size > 0 && wanted.Size != match.Part.Size)
            {
                throw KilnException.InvalidParameter(
                    $"Part {wanted.PartNumber} of multipart upload {uploadId} is {match.Part.Size} bytes, not {wanted.Size}");
            }
            files[i] = match.File;
        }
        return files;
    }

    public void Delete()
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // Already gone.
        }
    }

    private IEnumerable<StoredPart> StoredParts()
    {
        foreach (var file in new DirectoryInfo(directory).EnumerateFiles())
        {
            if (LocalMultipartUploads.TryParsePartFileName(file.Name, out var partNumber, out var etagHex))
            {
                yield return new StoredPart(new UploadedPart(partNumber, "\"" + etagHex + "\"", file.Length), file);
            }
        }
    }
}

internal sealed record StoredPart(UploadedPart Part, FileInfo File);
