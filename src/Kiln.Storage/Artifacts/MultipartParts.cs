using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>Rules shared by both stores for part numbers and the part list of a completion.</summary>
internal static class MultipartParts
{
    /// <summary>S3's limit, kept by the local store too so clients see one behaviour.</summary>
    public const int MaxPartNumber = 10_000;

    public static void EnsureValidNumber(int partNumber)
    {
        if (partNumber is < 1 or > MaxPartNumber)
        {
            throw KilnException.InvalidParameter($"Part numbers go from 1 to {MaxPartNumber}; got {partNumber}");
        }
    }

    /// <summary>The parts in part-number order; rejects an empty list, bad numbers and duplicates.</summary>
    public static UploadedPart[] InCompletionOrder(IReadOnlyList<UploadedPart> parts)
    {
        if (parts.Count == 0)
        {
            throw KilnException.InvalidParameter("Completing a multipart upload needs at least one part");
        }
        var ordered = parts.OrderBy(part => part.PartNumber).ToArray();
        for (var i = 0; i < ordered.Length; i++)
        {
            EnsureValidNumber(ordered[i].PartNumber);
            if (i > 0 && ordered[i].PartNumber == ordered[i - 1].PartNumber)
            {
                throw KilnException.InvalidParameter($"Part {ordered[i].PartNumber} is listed more than once");
            }
        }
        return ordered;
    }
}
