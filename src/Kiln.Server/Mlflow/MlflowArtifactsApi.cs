using System.Globalization;
using System.Text.Json;
using Kiln.Core;
using Kiln.Storage.Artifacts;
using Kiln.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace Kiln.Server.Mlflow;

/// <summary>
/// MLflow's artifact proxy (<c>/api/2.0/mlflow-artifacts</c>): streamed downloads (with byte ranges) and uploads,
/// listing, deletion, and multipart uploads whose parts go to signed URLs on this server.
/// </summary>
internal static class MlflowArtifactsApi
{
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static void Map(RouteGroupBuilder group, IArtifactStore store, UploadUrlSigner signer, long maxJson, long maxArtifact)
    {
        group.MapGet("/artifacts", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var directory = ArtifactPath.Normalize(request.String("path"));
            var entries = await store.ListAsync(directory, context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w => WriteFiles(w, entries, directory.Length == 0 ? 0 : directory.Length + 1));
        }));
        group.MapGet("/artifacts/{**path}", MlflowEndpoint.HandleRaw(context => DownloadAsync(context, store, ArtifactPath.Normalize(Route(context)))));
        group.MapPut("/artifacts/{**path}", MlflowEndpoint.HandleRaw(async context =>
        {
            var path = RequireFilePath(Route(context));
            AllowBody(context, maxArtifact);
            await store.WriteAsync(path, context.Request.Body, context.Request.ContentLength, context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapDelete("/artifacts/{**path}", MlflowEndpoint.HandleRaw(async context =>
        {
            await store.DeleteAsync(RequireFilePath(Route(context)), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));

        group.MapPost("/mpu/create/{**path}", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var target = MultipartTarget(context, request);
            var parts = request.Int32("num_parts") ?? 0;
            if (parts is < 1 or > 10_000)
            {
                throw KilnException.InvalidParameter($"num_parts must be between 1 and 10000; got {parts}.");
            }
            var uploadId = await store.CreateMultipartUploadAsync(target, context.RequestAborted);
            var baseUrl = $"{context.Request.Scheme}://{context.Request.Host}{context.Request.PathBase}{ArtifactUri.ProxyRoute.Replace("/artifacts", "/mpu/upload-part", StringComparison.Ordinal)}/{Uri.EscapeDataString(target).Replace("%2F", "/", StringComparison.Ordinal)}";
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                w.WriteString("upload_id", uploadId);
                w.WriteStartArray("credentials");
                for (var part = 1; part <= parts; part++)
                {
                    var (expires, signature) = signer.Sign(target, uploadId, part);
                    w.WriteStartObject();
                    w.WriteString("url", string.Create(CultureInfo.InvariantCulture,
                        $"{baseUrl}?upload_id={Uri.EscapeDataString(uploadId)}&part_number={part}&expires={expires}&signature={signature}"));
                    w.WriteNumber("part_number", part);
                    w.WriteStartObject("headers");
                    w.WriteEndObject();
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }));
        group.MapPut("/mpu/upload-part/{**path}", MlflowEndpoint.HandleRaw(async context =>
        {
            var path = RequireFilePath(Route(context));
            var query = context.Request.Query;
            var uploadId = query["upload_id"].ToString();
            if (!int.TryParse(query["part_number"], NumberStyles.None, CultureInfo.InvariantCulture, out var partNumber)
                || !long.TryParse(query["expires"], NumberStyles.None, CultureInfo.InvariantCulture, out var expires)
                || !signer.Verify(path, uploadId, partNumber, expires, query["signature"]))
            {
                throw new KilnException(ErrorCode.PermissionDenied, "The part upload URL is invalid or has expired; create the multipart upload again.");
            }
            AllowBody(context, maxArtifact);
            var part = await store.UploadPartAsync(path, uploadId, partNumber, context.Request.Body, context.Request.ContentLength, context.RequestAborted);
            context.Response.Headers.ETag = part.ETag;
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapGet("/mpu/list-parts/{**path}", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var parts = await store.ListPartsAsync(RequireFilePath(Route(context)), request.RequiredString("upload_id"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                w.WriteStartArray("parts");
                foreach (var part in parts)
                {
                    w.WriteStartObject();
                    w.WriteNumber("part_number", part.PartNumber);
                    w.WriteString("etag", part.ETag);
                    w.WriteNumber("size", part.Size);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            });
        }));
        group.MapPost("/mpu/complete/{**path}", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var target = MultipartTarget(context, request);
            var parts = new List<UploadedPart>();
            foreach (var part in request.Array("parts"))
            {
                if (part.ValueKind != JsonValueKind.Object || !part.TryGetProperty("part_number", out var number) || !number.TryGetInt32(out var partNumber)
                    || !part.TryGetProperty("etag", out var etag) || etag.ValueKind != JsonValueKind.String)
                {
                    throw MlflowRequest.InvalidValue("parts", request.Element("parts")!.Value);
                }
                parts.Add(new UploadedPart(partNumber, etag.GetString()!, -1));
            }
            if (parts.Count == 0)
            {
                throw MlflowRequest.Missing("parts");
            }
            await store.CompleteMultipartUploadAsync(target, request.RequiredString("upload_id"), parts, context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/mpu/abort/{**path}", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            await store.AbortMultipartUploadAsync(MultipartTarget(context, request), request.RequiredString("upload_id"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
    }

    /// <summary>The tracking API's artifact listing: paths relative to the run's artifact root.</summary>
    public static void MapRunArtifactList(RouteGroupBuilder group, IArtifactStore store, TrackingService tracking, long maxJson)
    {
        group.MapGet("/artifacts/list", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var run = await tracking.GetRunAsync(request.RequiredString("run_id", "run_uuid"), context.RequestAborted);
            var relative = ArtifactPath.Normalize(request.String("path"));
            var root = ArtifactUri.ToStorePath(run.Info.ArtifactUri);
            var entries = root is null ? [] : await store.ListAsync(ArtifactPath.Combine(root, relative), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                w.WriteString("root_uri", run.Info.ArtifactUri);
                WriteFiles(w, entries, root is null || root.Length == 0 ? 0 : root.Length + 1);
            });
        }));
    }

    /// <summary>MLflow UI download routes: <c>/get-artifact?run_id&amp;path</c> and <c>/model-versions/get-artifact?name&amp;version&amp;path</c>.</summary>
    public static void MapDownloadRoutes(IEndpointRouteBuilder app, IArtifactStore store, TrackingService tracking, Registry.RegistryService registry, long maxJson)
    {
        app.MapGet("/get-artifact", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var run = await tracking.GetRunAsync(request.RequiredString("run_id", "run_uuid"), context.RequestAborted);
            var root = ArtifactUri.ToStorePath(run.Info.ArtifactUri) ?? throw KilnException.NotFound("The run's artifacts are not stored on this server.");
            await DownloadAsync(context, store, ArtifactPath.Combine(root, ArtifactPath.Normalize(request.RequiredString("path"))));
        }));
        app.MapGet("/model-versions/get-artifact", MlflowEndpoint.Handle(maxJson, async (context, request) =>
        {
            var uri = await registry.GetDownloadUriAsync(request.RequiredString("name"), request.RequiredString("version"), context.RequestAborted);
            var root = ArtifactUri.ToStorePath(uri) ?? throw KilnException.NotFound("The model version's artifacts are not stored on this server.");
            await DownloadAsync(context, store, ArtifactPath.Combine(root, ArtifactPath.Normalize(request.RequiredString("path"))));
        }));
    }

    private static void WriteFiles(Utf8JsonWriter writer, IReadOnlyList<ArtifactEntry> entries, int prefixLength)
    {
        if (entries.Count == 0)
        {
            return;
        }
        writer.WriteStartArray("files");
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("path", entry.Path.Length >= prefixLength ? entry.Path[prefixLength..] : entry.Path);
            writer.WriteBoolean("is_dir", entry.IsDirectory);
            if (!entry.IsDirectory && entry.Size is { } size)
            {
                writer.WriteNumber("file_size", size);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static async Task DownloadAsync(HttpContext context, IArtifactStore store, string path)
    {
        var file = await store.GetFileAsync(path, context.RequestAborted) ?? throw KilnException.NotFound($"No artifact found at '{path}'.");
        var response = context.Response;
        var name = path[(path.LastIndexOf('/') + 1)..];
        response.ContentType = ContentTypes.TryGetContentType(name, out var type) ? type : !name.Contains('.', StringComparison.Ordinal) ? "text/plain" : "application/octet-stream";
        response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = name }.ToString();
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.AcceptRanges = "bytes";
        var (start, length) = Range(context.Request.Headers.Range, file.Size);
        if (start > 0 || length < file.Size)
        {
            if (length < 0)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{file.Size}";
                return;
            }
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{start + length - 1}/{file.Size}");
        }
        response.ContentLength = length;
        await using var stream = await store.OpenReadAsync(path, start, context.RequestAborted);
        await CopyAsync(stream, response.Body, length, context.RequestAborted);
    }

    /// <summary>One byte range (<c>bytes=N-</c>, <c>bytes=N-M</c>, <c>bytes=-N</c>) or the whole file; length -1 when unsatisfiable.</summary>
    private static (long Start, long Length) Range(string? header, long size)
    {
        if (string.IsNullOrEmpty(header) || !RangeHeaderValue.TryParse(header, out var range) || range.Ranges.Count != 1 || range.Unit != "bytes")
        {
            return (0, size);
        }
        var item = range.Ranges.First();
        long start, end;
        if (item.From is null)
        {
            start = Math.Max(0, size - (item.To ?? 0));
            end = size - 1;
        }
        else
        {
            start = item.From.Value;
            end = Math.Min(item.To ?? (size - 1), size - 1);
        }
        return start >= size || end < start ? (0, -1) : (start, end - start + 1);
    }

    private static async Task CopyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            while (length > 0)
            {
                var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, length)), cancellationToken);
                if (read == 0)
                {
                    break;
                }
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                length -= read;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static string Route(HttpContext context) => context.Request.RouteValues["path"] as string ?? string.Empty;

    private static string RequireFilePath(string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        return normalized.Length == 0 ? throw KilnException.InvalidParameter("Invalid path") : normalized;
    }

    /// <summary>MLflow's client names the directory in the URL and the local file in the body; the file lands under its base name.</summary>
    private static string MultipartTarget(HttpContext context, MlflowRequest request)
    {
        var directory = ArtifactPath.Normalize(Route(context));
        var local = request.String("path");
        var name = string.IsNullOrEmpty(local) ? string.Empty : Path.GetFileName(local.Replace('\\', '/'));
        var target = ArtifactPath.Combine(directory, ArtifactPath.Normalize(name));
        return target.Length == 0 ? throw KilnException.InvalidParameter("Invalid path") : target;
    }

    private static void AllowBody(HttpContext context, long maxBytes)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
    }
}
