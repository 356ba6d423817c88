namespace Kiln.Client.Json;

// Bodies of the mlflow-artifacts multipart routes. MLflow's client names the local file in "path"; the server
// stores the upload under that name's last segment in the folder the URL names.

internal sealed record CreateMultipartRequest(string Path, int NumParts);

internal sealed record CreateMultipartResponse(string UploadId, IReadOnlyList<MultipartCredential> Credentials);

internal sealed record MultipartCredential(string Url, int PartNumber, IReadOnlyDictionary<string, string>? Headers);

internal sealed record ListPartsResponse(IReadOnlyList<StoredPart>? Parts);

internal sealed record StoredPart(int PartNumber, string Etag, long Size);

internal sealed record CompleteMultipartRequest(string Path, string UploadId, IReadOnlyList<CompletedPart> Parts);

internal sealed record CompletedPart(int PartNumber, string Etag, string? Url);

internal sealed record AbortMultipartRequest(string Path, string UploadId);
