namespace Kiln.Client;

/// <summary>What an upload sent: files, bytes, and for multipart files the parts sent now and those already stored before a resume.</summary>
public sealed record ArtifactUploadResult(string ArtifactUri, int Files, long Bytes, int MultipartFiles, int PartsUploaded, int PartsResumed);

/// <summary>What a download fetched: files already complete locally are skipped; partial files are resumed with a byte range.</summary>
public sealed record ArtifactDownloadResult(string Destination, int Files, long Bytes, int FilesSkipped, int FilesResumed);
