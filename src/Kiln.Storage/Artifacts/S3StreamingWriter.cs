using System.Buffers;
using Amazon.S3;
using Amazon.S3.Model;
using Kiln.Core;
using Microsoft.Extensions.Logging;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// Streams one object into S3 holding at most one part in a pooled buffer: content that fits in a
/// part goes up with PutObject, anything larger (or of unknown length that turns out larger) as a
/// multipart upload, which is aborted if the write fails.
/// </summary>
internal sealed class S3StreamingWriter(IAmazonS3 client, string bucket, int partSize, ILogger logger)
{
    public async Task WriteAsync(string key, string path, Stream content, long? length, CancellationToken cancellationToken)
    {
        var size = PartSizeFor(length);
        // A declared small length needs only that much room, and one probe byte to catch a longer stream.
        var firstRead = length is { } declared && declared < size ? (int)declared : size;
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(firstRead, 1));
        try
        {
            var filled = await StreamReads.FillAsync(content, buffer.AsMemory(0, firstRead), cancellationToken);
            if (filled < size)
            {
                var total = filled < firstRead || await StreamReads.ReadByteAsync(content, cancellationToken) < 0 ? filled : filled + 1L;
                ContentLength.EnsureMatches(path, length, total);
                await PutObjectAsync(key, buffer, filled, cancellationToken);
                return;
            }
            await WriteInPartsAsync(key, path, content, length, buffer, size, cancellationToken);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The configured part size, grown when a declared length would otherwise need more parts than S3 allows.</summary>
    private int PartSizeFor(long? length)
    {
        if (length is not { } declared || declared <= (long)partSize * MultipartParts.MaxPartNumber)
        {
            return partSize;
        }
        const int mebibyte = 1024 * 1024;
        var needed = (declared + MultipartParts.MaxPartNumber - 1) / MultipartParts.MaxPartNumber;
        return (int)Math.Min(Array.MaxLength / mebibyte * (long)mebibyte, (needed + mebibyte - 1) / mebibyte * mebibyte);
    }

    private async Task WriteInPartsAsync(string key, string path, Stream content, long? length, byte[] buffer, int size, CancellationToken cancellationToken)
    {
        var initiated = await client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = bucket, Key = key }, cancellationToken);
        var uploadId = initiated.UploadId;
        Log.S3MultipartWriteStarted(logger, key, uploadId, size);
        try
        {
            var parts = new List<PartETag>();
            long total = 0;
            var filled = size;
            while (filled > 0)
            {
                var partNumber = parts.Count + 1;
                if (partNumber > MultipartParts.MaxPartNumber)
                {
                    throw new KilnException(ErrorCode.PayloadTooLarge,
                        $"{path} is larger than {MultipartParts.MaxPartNumber} parts of {size} bytes; raise the part size");
                }
                var etag = await UploadPartAsync(key, uploadId, partNumber, buffer, filled, cancellationToken);
                parts.Add(new PartETag(partNumber, etag));
                total += filled;
                filled = filled < size ? 0 : await StreamReads.FillAsync(content, buffer.AsMemory(0, size), cancellationToken);
            }
            ContentLength.EnsureMatches(path, length, total);
            var complete = new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId };
            complete.AddPartETags(parts);
            await client.CompleteMultipartUploadAsync(complete, cancellationToken);
        }
        catch
        {
            await AbortQuietlyAsync(key, uploadId);
            throw;
        }
    }

    private async Task PutObjectAsync(string key, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, count, writable: false);
        await client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    private async Task<string> UploadPartAsync(string key, string uploadId, int partNumber, byte[] buffer, int count, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream(buffer, 0, count, writable: false);
        var response = await client.UploadPartAsync(new UploadPartRequest
        {
            BucketName = bucket,
            Key = key,
            UploadId = uploadId,
            PartNumber = partNumber,
            InputStream = body,
            PartSize = count,
            UseChunkEncoding = false,
        }, cancellationToken);
        return response.ETag;
    }

    private async Task AbortQuietlyAsync(string key, string uploadId)
    {
        try
        {
            await client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = uploadId }, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Log.S3AbortFailed(logger, key, uploadId, exception);
        }
    }
}
