using Amazon.S3.Model;
using Kiln.Storage.Artifacts;
using Kiln.TestSupport;
using Xunit.Abstractions;

namespace Kiln.Storage.Tests.Artifacts;

/// <summary>The store behaviours against a real S3-compatible server; each test gets its own key prefix.</summary>
[Collection(ArtifactStoreCollection.Name)]
public sealed class S3ArtifactStoreTests : ArtifactStoreBehaviors, IClassFixture<SwiftS3Server>, IDisposable
{
    private readonly SwiftS3Server _server;
    private readonly string _prefix = "runs/" + Guid.NewGuid().ToString("N");
    private readonly S3ArtifactStore _store;

    public S3ArtifactStoreTests(SwiftS3Server server, ITestOutputHelper output)
        : base(output)
    {
        _server = server;
        _store = new S3ArtifactStore(server.OptionsFor(_prefix));
    }

    protected override IArtifactStore Store => _store;

    public void Dispose() => _store.Dispose();

    [Fact]
    public void Root_uri_names_the_bucket_and_prefix()
    {
        Assert.Equal($"s3://{SwiftS3Server.Bucket}/{_prefix}", _store.RootUri);
    }

    [Fact]
    public async Task Files_are_objects_under_the_prefix()
    {
        await WriteTextAsync("model/MLmodel", "m");

        using var client = _server.CreateClient();
        var listed = await client.ListObjectsV2Async(new ListObjectsV2Request { BucketName = SwiftS3Server.Bucket, Prefix = _prefix + "/" });
        Assert.Equal([_prefix + "/model/MLmodel"], listed.S3Objects.Select(item => item.Key));
    }

    [Fact]
    public async Task Failed_streaming_write_aborts_its_multipart_upload()
    {
        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync("broken.bin", new FailingStream((9 * 1024 * 1024) + 5), null, None));

        Assert.Null(await _store.GetFileAsync("broken.bin", None));
        using var client = _server.CreateClient();
        var uploads = await client.ListMultipartUploadsAsync(new ListMultipartUploadsRequest { BucketName = SwiftS3Server.Bucket, Prefix = _prefix + "/" });
        Assert.Empty(uploads.MultipartUploads ?? []);
    }

    [Fact]
    public async Task Folder_marker_objects_are_not_listed_as_files()
    {
        using var client = _server.CreateClient();
        await client.PutObjectAsync(new PutObjectRequest { BucketName = SwiftS3Server.Bucket, Key = _prefix + "/folder/", ContentBody = string.Empty, UseChunkEncoding = false });
        await WriteTextAsync("folder/file.txt", "f");

        Assert.Equal([new ArtifactEntry("folder", true, null)], await _store.ListAsync(string.Empty, None));
        Assert.Equal([new ArtifactEntry("folder/file.txt", false, 1)], await _store.ListAsync("folder", None));
        Assert.Equal(["folder/file.txt"], (await ToListAsync(_store.ListRecursiveAsync(string.Empty, None))).Select(entry => entry.Path));
    }

    [Fact]
    public async Task Listing_and_deleting_follow_pagination()
    {
        const int count = 25;
        using var store = new S3ArtifactStore(_server.OptionsFor(_prefix) with { KeysPerPage = 10 });
        foreach (var i in Enumerable.Range(0, count))
        {
            await store.WriteAsync($"many/{i:D2}.txt", new MemoryStream([1]), 1, None);
        }
        await store.WriteAsync("many/sub/x.txt", new MemoryStream([1]), 1, None);

        Assert.Equal(count + 1, (await store.ListAsync("many", None)).Count);
        Assert.Equal(count + 1, (await ToListAsync(store.ListRecursiveAsync(string.Empty, None))).Count);
        await store.DeleteAsync("many", None);
        Assert.Empty(await ToListAsync(store.ListRecursiveAsync(string.Empty, None)));
    }

    [Fact]
    public async Task Part_too_large_for_the_part_buffer_from_a_non_seekable_stream_goes_through_a_spool_file()
    {
        using var spool = new TempDirectory("kiln-spool-");
        using var store = new S3ArtifactStore(_server.OptionsFor(_prefix) with { PartSize = S3ArtifactStoreOptions.MinimumPartSize, SpoolDirectory = spool.Path });
        const int size = S3ArtifactStoreOptions.MinimumPartSize + 3;
        var uploadId = await store.CreateMultipartUploadAsync("spooled.bin", None);

        var part = await store.UploadPartAsync("spooled.bin", uploadId, 1, new GeneratedStream(size, seed: 8), length: null, None);
        await store.CompleteMultipartUploadAsync("spooled.bin", uploadId, [part], None);

        Assert.Equal(size, part.Size);
        Assert.Empty(Directory.EnumerateFileSystemEntries(spool.Path));
        await using var read = await store.OpenReadAsync("spooled.bin", 0, None);
        Assert.Equal(GeneratedStream.Sha256(size, seed: 8), await System.Security.Cryptography.SHA256.HashDataAsync(read, None));
    }
}
