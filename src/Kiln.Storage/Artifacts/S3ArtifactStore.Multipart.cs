using Amazon.S3;
using Amazon.S3.Model;

namespace Kiln.Storage.Artifacts;

/// <summary>Client-driven multipart uploads map one to one onto S3's own.</summary>
public sealed partial class S3ArtifactStore
{
    public async Task<string> CreateMultipartUploadAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = RequireFilePath(path);
        try
        {
            var response = await _client.InitiateMultipartUploadAsync(new InitiateMultipartUploadRequest { BucketName = _bucket, Key = KeyFor(normalized) }, cancellationToken);
            return response.UploadId;
        }
        catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, Describe(normalized), out var translated))
        {
            throw translated;
        }
    }

    public async Task<UploadedPart> UploadPartAsync(string path, string uploadId, int partNumber, Stream content, long? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ContentLength.EnsureValid(length);
        MultipartParts.EnsureValidNumber(partNumber);
        var normalized = RequireFilePath(path);
        await using var body = await SeekablePartBody.CreateAsync(normalized, content, length, _options.PartSize,
            _options.SpoolDirectory ?? Path.GetTempPath(), cancellationToken);
        try
        {
            var response = await _client.UploadPartAsync(new UploadPartRequest
            {
                BucketName = _bucket,
                Key = KeyFor(normalized),
                UploadId = uploadId,
                PartNumber = partNumber,
                InputStream = body.Stream,
                PartSize = body.Length,
                UseChunkEncoding = false,
            }, cancellationToken);
            return new UploadedPart(partNumber, response.ETag, body.Length);
        }
        catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, DescribeUpload(normalized, uploadId), out var translated))
        {
            throw translated;
        }
    }

    public async Task<IReadOnlyList<UploadedPart>> ListPartsAsync(string path, string uploadId, CancellationToken cancellationToken)
    {
        var normalized = RequireFilePath(path);
        var request = new ListPartsRequest { BucketName = _bucket, Key = KeyFor(normalized), UploadId = uploadId };
        var parts = new List<UploadedPart>();
        try
        {
            while (true)
            {
                var response = await _client.ListPartsAsync(request, cancellationToken);
                parts.AddRange((response.Parts ?? []).Select(part => new UploadedPart(part.PartNumber ?? 0, part.ETag, part.Size ?? 0)));
                if (response.IsTruncated != true || response.NextPartNumberMarker is null)
                {
                    return parts;
                }
                request.PartNumberMarker = response.NextPartNumberMarker.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, DescribeUpload(normalized, uploadId), out var translated))
        {
            throw translated;
        }
    }

    public async Task CompleteMultipartUploadAsync(string path, string uploadId, IReadOnlyList<UploadedPart> parts, CancellationToken cancellationToken)
    {
        var ordered = MultipartParts.InCompletionOrder(parts);
        var normalized = RequireFilePath(path);
        var request = new CompleteMultipartUploadRequest { BucketName = _bucket, Key = KeyFor(normalized), UploadId = uploadId };
        request.AddPartETags(ordered.Select(part => new PartETag(part.PartNumber, part.ETag)));
        try
        {
            await _client.CompleteMultipartUploadAsync(request, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, DescribeUpload(normalized, uploadId), out var translated))
        {
            throw translated;
        }
    }

    public async Task AbortMultipartUploadAsync(string path, string uploadId, CancellationToken cancellationToken)
    {
        var normalized = RequireFilePath(path);
        try
        {
            await _client.AbortMultipartUploadAsync(new AbortMultipartUploadRequest { BucketName = _bucket, Key = KeyFor(normalized), UploadId = uploadId }, cancellationToken);
        }
        catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, DescribeUpload(normalized, uploadId), out var translated))
        {
            throw translated;
        }
    }

    private string DescribeUpload(string normalized, string uploadId) => $"{uploadId} for {Describe(normalized)}";
}
