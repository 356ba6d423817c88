namespace Kiln.Client;

/// <summary>
/// How far a transfer has got. Bytes already on the other side when a transfer resumes count as done, so a
/// resumed transfer starts part-way. Reported synchronously from the transferring threads.
/// </summary>
public sealed record TransferProgress(string CurrentFile, long BytesDone, long TotalBytes, int FilesDone, int FileCount);
