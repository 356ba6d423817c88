using System.Net;
using System.Runtime.CompilerServices;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// Artifacts in an S3 bucket (AWS or any S3-compatible server) under a key prefix. Directories are
/// key prefixes ending in '/'. Writes stream in part-sized pooled buffers; uploads are signed over
/// their payload without aws-chunked encoding, which the widest range of servers accepts.
/// </summary>
public sealed partial class S3ArtifactStore : IArtifactStore, IDisposable
{
    private const int DeleteBatchSize = 1000;

    private readonly IAmazonS3 _client;
    private readonly S3ArtifactStoreOptions _options;
    private readonly string _bucket;
    private readonly string _prefix;
    private readonly S3StreamingWriter _writer;
    private readonly ILogger _logger;

    public S3ArtifactStore(S3ArtifactStoreOptions options, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        _bucket = options.Bucket;
        _prefix = S3ArtifactStoreOptions.NormalizePrefix(options.Prefix);
        _logger = logger ?? NullLogger.Instance;
        _client = S3ClientFactory.Create(options);
        _writer = new S3StreamingWriter(_client, _bucket, options.PartSize, _logger);
        RootUri = "s3://" + _bucket + (_prefix.Length > 0 ? "/" + _prefix : string.Empty);
    }

    public string RootUri { get; }

    public async Task<ArtifactFile?> GetFileAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = ArtifactPath.Normalize(path);
        if (normalized.Length == 0)
        {
            return null;
        }
        try
        {
            var metadata = await _client.GetObjectMetadataAsync(_bucket, KeyFor(normalized), cancellationToken);
            var lastModified = metadata.LastModified is { } modified ? new DateTimeOffset(modified.ToUniversalTime()) : DateTimeOffset.UnixEpoch;
            return new ArtifactFile(normalized, metadata.Headers.ContentLength, lastModified);
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var normalized = RequireFilePath(path);
        var request = new GetObjectRequest { BucketName = _bucket, Key = KeyFor(normalized) };
        if (offset > 0)
        {
            request.ByteRange = new ByteRange(FormattableString.Invariant($"bytes={offset}-"));
        }
        try
        {
            var response = await _client.GetObjectAsync(request, cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception exception) when (exception.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // Reading from the end of a file (or past it) yields nothing, as it does for a local file.
            return await GetFileAsync(normalized, cancellationToken) is null ? throw NotFound(normalized, exception) : Stream.Null;
        }
        catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, Describe(normalized), out var translated))
        {
            throw translated;
        }
    }

    public Task WriteAsync(string path, Stream content, long? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ContentLength.EnsureValid(length);
        var normalized = RequireFilePath(path);
        return _writer.WriteAsync(KeyFor(normalized), normalized, content, length, cancellationToken);
    }

    public async Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken cancellationToken)
    {
        var normalized = ArtifactPath.Normalize(directory);
        var prefix = DirectoryPrefix(normalized);
        var entries = new List<ArtifactEntry>();
        await foreach (var page in ListPagesAsync(prefix, delimiter: "/", cancellationToken))
        {
            foreach (var commonPrefix in page.CommonPrefixes ?? [])
            {
                var name = commonPrefix[prefix.Length..].TrimEnd('/');
                if (name.Length > 0)
                {
                    entries.Add(new ArtifactEntry(ArtifactPath.Combine(normalized, name), IsDirectory: true, Size: null));
                }
            }
            foreach (var item in page.S3Objects ?? [])
            {
                var name = item.Key[prefix.Length..];
                if (name.Length > 0 && !name.EndsWith('/'))
                {
                    entries.Add(new ArtifactEntry(ArtifactPath.Combine(normalized, name), IsDirectory: false, item.Size ?? 0));
                }
            }
        }
        entries.Sort((left, right) => string.CompareOrdinal(left.Path, right.Path));
        return entries;
    }

    public async IAsyncEnumerable<ArtifactEntry> ListRecursiveAsync(string directory, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prefix = DirectoryPrefix(ArtifactPath.Normalize(directory));
        await foreach (var page in ListPagesAsync(prefix, delimiter: null, cancellationToken))
        {
            foreach (var item in page.S3Objects ?? [])
            {
                // Keys ending in '/' are folder markers some tools create, not files.
                if (!item.Key.EndsWith('/'))
                {
                    yield return new ArtifactEntry(PathOf(item.Key), IsDirectory: false, item.Size ?? 0);
                }
            }
        }
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var normalized = ArtifactPath.Normalize(path);
        var prefix = DirectoryPrefix(normalized);
        var deleted = 0;
        await foreach (var page in ListPagesAsync(prefix, delimiter: null, cancellationToken))
        {
            var keys = (page.S3Objects ?? []).Select(item => item.Key).ToList();
            for (var start = 0; start < keys.Count; start += DeleteBatchSize)
            {
                deleted += await DeleteKeysAsync(keys.GetRange(start, Math.Min(DeleteBatchSize, keys.Count - start)), cancellationToken);
            }
        }
        if (normalized.Length > 0)
        {
            await _client.DeleteObjectAsync(_bucket, KeyFor(normalized), cancellationToken);
        }
        Log.S3ObjectsDeleted(_logger, deleted, prefix);
    }

    public void Dispose() => _client.Dispose();

    private async Task<int> DeleteKeysAsync(List<string> keys, CancellationToken cancellationToken)
    {
        if (keys.Count == 0)
        {
            return 0;
        }
        var request = new DeleteObjectsRequest { BucketName = _bucket, Quiet = true };
        foreach (var key in keys)
        {
            request.AddKey(key);
        }
        var response = await _client.DeleteObjectsAsync(request, cancellationToken);
        if (response.DeleteErrors is { Count: > 0 } errors)
        {
            var first = errors[0];
            throw new IOException($"S3 could not delete {errors.Count} of {keys.Count} objects; the first, {first.Key}, failed with {first.Code}: {first.Message}");
        }
        return keys.Count;
    }

    private async IAsyncEnumerable<ListObjectsV2Response> ListPagesAsync(string prefix, string? delimiter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = _bucket, Prefix = prefix, Delimiter = delimiter, MaxKeys = _options.KeysPerPage };
        while (true)
        {
            ListObjectsV2Response response;
            try
            {
                response = await _client.ListObjectsV2Async(request, cancellationToken);
            }
            catch (AmazonS3Exception exception) when (S3Errors.TryTranslate(exception, RootUri, out var translated))
            {
                throw translated;
            }
            yield return response;
            if (response.IsTruncated != true || string.IsNullOrEmpty(response.NextContinuationToken))
            {
                yield break;
            }
            request.ContinuationToken = response.NextContinuationToken;
        }
    }

    private string KeyFor(string normalized) =>
        _prefix.Length == 0 ? normalized : normalized.Length == 0 ? _prefix : _prefix + "/" + normalized;

    /// <summary>The key prefix of everything inside a directory: "" for the bucket root, else ending in '/'.</summary>
    private string DirectoryPrefix(string normalized)
    {
        var key = KeyFor(normalized);
        return key.Length == 0 ? key : key + "/";
    }

    private string PathOf(string key) => _prefix.Length == 0 ? key : key[(_prefix.Length + 1)..];

    private string Describe(string normalized) => $"'{normalized}' in {RootUri}";

    private static string RequireFilePath(string path)
    {
        var normalized = ArtifactPath.Normalize(path);
        return normalized.Length > 0 ? normalized : throw Core.KilnException.InvalidParameter("A file path is required");
    }

    private Core.KilnException NotFound(string normalized, Exception inner) =>
        new(Core.ErrorCode.ResourceDoesNotExist, $"No artifact file at {Describe(normalized)}", inner);
}
