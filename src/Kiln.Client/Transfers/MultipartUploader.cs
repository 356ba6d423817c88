using System.Net;
using Kiln.Client.Http;
using Kiln.Client.Json;

namespace Kiln.Client.Transfers;

/// <summary>
/// Uploads one large file through the proxy's multipart routes: <c>mpu/create</c> hands out a signed URL per
/// part, each part is PUT there straight from disk (several at a time), and <c>mpu/complete</c> joins them.
/// The upload id and finished parts are saved after every part; a re-run asks <c>mpu/list-parts</c> what the
/// server holds and sends only what is missing.
/// </summary>
internal sealed class MultipartUploader(KilnHttp http, UploadStateStore states, ArtifactUploadOptions options)
{
    private const int MaxParts = 10_000;
    private const long Mebibyte = 1024 * 1024;
    private static readonly KilnClientJsonContext Json = KilnClientJsonContext.Default;

    public async Task<(int Uploaded, int Resumed)> UploadAsync(FileInfo source, string target, TransferMeter meter, CancellationToken cancellationToken)
    {
        var partSize = PartSizeFor(source.Length);
        var statePath = states.PathFor(http.BaseAddress.AbsoluteUri, target, source.FullName);
        try
        {
            return await UploadOnceAsync(source, target, partSize, statePath, meter, cancellationToken);
        }
        catch (KilnApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            // The part URLs expired (or the server's signing key changed): start a new upload.
            UploadStateStore.Delete(statePath);
            return await UploadOnceAsync(source, target, partSize, statePath, meter, cancellationToken);
        }
    }

    private async Task<(int Uploaded, int Resumed)> UploadOnceAsync(FileInfo source, string target, long partSize, string statePath, TransferMeter meter, CancellationToken cancellationToken)
    {
        var state = await ResumeAsync(source, target, partSize, statePath, cancellationToken) ?? await CreateAsync(source, target, partSize, statePath, cancellationToken);
        var resumed = state.DoneParts.Count;
        var startBytes = meter.Bytes;
        meter.Add(state.DoneParts.Sum(p => p.Size));
        var missing = state.Credentials.Where(c => state.DoneParts.All(p => p.PartNumber != c.PartNumber)).ToList();
        try
        {
            await Parallel.ForEachAsync(missing, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxConcurrentParts), CancellationToken = cancellationToken },
                async (credential, token) =>
                {
                    var part = await UploadPartAsync(source, state.PartSize, credential, meter, token);
                    lock (state)
                    {
                        state.DoneParts.Add(part);
                        states.Save(statePath, state);
                    }
                });
        }
        catch (KilnApiException ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            meter.Add(startBytes - meter.Bytes);
            await AbortQuietlyAsync(state, cancellationToken);
            throw;
        }
        await CompleteAsync(state, target, statePath, cancellationToken);
        return (missing.Count, resumed);
    }

    /// <summary>The saved upload of this file, with the parts the server holds; null when there is none to resume.</summary>
    private async Task<UploadState?> ResumeAsync(FileInfo source, string target, long partSize, string statePath, CancellationToken cancellationToken)
    {
        var state = states.Load(statePath);
        if (state is null)
        {
            return null;
        }
        if (!state.Describes(http.BaseAddress.AbsoluteUri, source, target, partSize))
        {
            await AbortQuietlyAsync(state, cancellationToken);
            UploadStateStore.Delete(statePath);
            return null;
        }
        IReadOnlyList<StoredPart> stored;
        try
        {
            var listing = await http.GetAsync(ArtifactRoot.MultipartUrl("list-parts", target), new QueryString().Add("upload_id", state.UploadId), Json.ListPartsResponse, cancellationToken);
            stored = listing.Parts ?? [];
        }
        catch (KilnApiException ex) when (ex.IsNotFound && ex.ErrorCode == "ENDPOINT_NOT_FOUND")
        {
            // A server without list-parts: trust the parts this client saw stored.
            stored = state.DoneParts;
        }
        catch (KilnApiException ex) when (ex.IsNotFound)
        {
            // The upload is gone (completed, aborted or expired).
            UploadStateStore.Delete(statePath);
            return null;
        }
        var complete = stored.Where(p => p.Size == ExpectedSize(source.Length, partSize, p.PartNumber)).GroupBy(p => p.PartNumber).Select(g => g.Last());
        state.DoneParts.Clear();
        state.DoneParts.AddRange(complete.Where(p => p.PartNumber >= 1 && p.PartNumber <= state.Credentials.Count));
        return state;
    }

    private async Task<UploadState> CreateAsync(FileInfo source, string target, long partSize, string statePath, CancellationToken cancellationToken)
    {
        var (directory, name) = ArtifactRoot.Split(target);
        var parts = (int)Math.Max(1, (source.Length + partSize - 1) / partSize);
        var created = await http.SendAsync(HttpMethod.Post, ArtifactRoot.MultipartUrl("create", directory), new CreateMultipartRequest(name, parts),
            Json.CreateMultipartRequest, Json.CreateMultipartResponse, cancellationToken);
        if (created.Credentials.Count != parts)
        {
            throw new KilnApiException(HttpStatusCode.OK, null, $"The server handed out {created.Credentials.Count} part URLs for {parts} parts.");
        }
        var state = new UploadState
        {
            Server = http.BaseAddress.AbsoluteUri,
            Source = source.FullName,
            SourceLength = source.Length,
            SourceLastWriteTicks = source.LastWriteTimeUtc.Ticks,
            Target = target,
            UploadId = created.UploadId,
            PartSize = partSize,
            Credentials = [.. created.Credentials.OrderBy(c => c.PartNumber)],
        };
        states.Save(statePath, state);
        return state;
    }

    private async Task<StoredPart> UploadPartAsync(FileInfo source, long partSize, MultipartCredential credential, TransferMeter meter, CancellationToken cancellationToken)
    {
        var offset = (credential.PartNumber - 1) * partSize;
        var length = ExpectedSize(source.Length, partSize, credential.PartNumber);
        return await TransientRetry.RunAsync(async token =>
        {
            long sent = 0;
            try
            {
                using var request = http.CreateRequest(HttpMethod.Put, credential.Url);
                request.Content = new StreamContent(new FileSegmentStream(source.FullName, offset, length, read =>
                {
                    sent += read;
                    meter.Add(read);
                }));
                request.Content.Headers.ContentLength = length;
                foreach (var (name, value) in credential.Headers ?? new Dictionary<string, string>())
                {
                    request.Headers.TryAddWithoutValidation(name, value);
                }
                using var response = await http.SendStreamingAsync(request, null, token);
                var etag = response.Headers.ETag?.ToString()
                    ?? throw new KilnApiException(response.StatusCode, null, $"The server stored part {credential.PartNumber} but sent no ETag.");
                return new StoredPart(credential.PartNumber, etag, length);
            }
            catch
            {
                meter.Add(-sent);
                throw;
            }
        }, cancellationToken);
    }

    private async Task CompleteAsync(UploadState state, string target, string statePath, CancellationToken cancellationToken)
    {
        var (directory, name) = ArtifactRoot.Split(target);
        var parts = state.DoneParts.OrderBy(p => p.PartNumber)
            .Select(p => new CompletedPart(p.PartNumber, p.Etag, state.Credentials[p.PartNumber - 1].Url)).ToList();
        try
        {
            await http.SendAsync(HttpMethod.Post, ArtifactRoot.MultipartUrl("complete", directory), new CompleteMultipartRequest(name, state.UploadId, parts),
                Json.CompleteMultipartRequest, cancellationToken);
        }
        catch (KilnApiException ex) when ((int)ex.StatusCode is >= 400 and < 500)
        {
            // The stored parts cannot make this file; the next attempt starts over.
            await AbortQuietlyAsync(state, cancellationToken);
            UploadStateStore.Delete(statePath);
            throw;
        }
        UploadStateStore.Delete(statePath);
    }

    private async Task AbortQuietlyAsync(UploadState state, CancellationToken cancellationToken)
    {
        var (directory, name) = ArtifactRoot.Split(state.Target);
        try
        {
            await http.SendAsync(HttpMethod.Post, ArtifactRoot.MultipartUrl("abort", directory), new AbortMultipartRequest(name, state.UploadId),
                Json.AbortMultipartRequest, cancellationToken);
        }
        catch (KilnApiException)
        {
            // Already gone, or never there: nothing to clean up.
        }
    }

    private long PartSizeFor(long length)
    {
        var partSize = Math.Max(1, options.PartSize);
        if ((length + partSize - 1) / partSize <= MaxParts)
        {
            return partSize;
        }
        var needed = (length + MaxParts - 1) / MaxParts;
        return (needed + Mebibyte - 1) / Mebibyte * Mebibyte;
    }

    private static long ExpectedSize(long length, long partSize, int partNumber) =>
        Math.Clamp(length - ((partNumber - 1) * partSize), 0, partSize);
}
