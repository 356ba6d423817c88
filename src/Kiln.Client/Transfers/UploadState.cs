using Kiln.Client.Json;

namespace Kiln.Client.Transfers;

/// <summary>
/// What a multipart upload needs to resume after an interruption: which upload, of which file (by size and
/// modification time), in which parts, to which signed URLs, and the parts known to be stored.
/// </summary>
internal sealed class UploadState
{
    public int Version { get; init; } = 1;

    public required string Server { get; init; }

    public required string Source { get; init; }

    public required long SourceLength { get; init; }

    public required long SourceLastWriteTicks { get; init; }

    public required string Target { get; init; }

    public required string UploadId { get; init; }

    public required long PartSize { get; init; }

    public required IReadOnlyList<MultipartCredential> Credentials { get; init; }

    public List<StoredPart> DoneParts { get; init => field = value ?? []; } = [];

    public bool Describes(string server, FileInfo source, string target, long partSize) =>
        Version == 1 && Server == server && Source == source.FullName && SourceLength == source.Length
        && SourceLastWriteTicks == source.LastWriteTimeUtc.Ticks && Target == target && PartSize == partSize;
}
