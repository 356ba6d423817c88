using Kiln.Core;
using Kiln.Storage.Artifacts;
using Kiln.TestSupport;
using Xunit.Abstractions;

namespace Kiln.Storage.Tests.Artifacts;

[Collection(ArtifactStoreCollection.Name)]
public sealed class LocalArtifactStoreTests : ArtifactStoreBehaviors, IDisposable
{
    private readonly TempDirectory _root = new("kiln-artifacts-");
    private readonly LocalArtifactStore _store;

    public LocalArtifactStoreTests(ITestOutputHelper output)
        : base(output)
    {
        _store = new LocalArtifactStore(_root.Path);
    }

    protected override IArtifactStore Store => _store;

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Root_uri_is_a_file_uri_of_the_folder()
    {
        Assert.Equal(new Uri(_root.Path).AbsoluteUri, _store.RootUri);
        Assert.StartsWith("file:///", _store.RootUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Internal_folders_never_appear_in_listings_and_cannot_be_addressed()
    {
        var uploadId = await _store.CreateMultipartUploadAsync("pending.bin", None);
        await UploadPartAsync("pending.bin", uploadId, 1, [1, 2, 3]);
        await WriteTextAsync("visible.txt", "v");

        Assert.Equal(["visible.txt"], (await _store.ListAsync(string.Empty, None)).Select(entry => entry.Path));
        Assert.Equal(["visible.txt"], (await ToListAsync(_store.ListRecursiveAsync(string.Empty, None))).Select(entry => entry.Path));
        foreach (var path in new[] { ".kiln-tmp/x", ".kiln-uploads/" + uploadId + "/target", ".KILN-UPLOADS/x" })
        {
            var error = await Assert.ThrowsAsync<KilnException>(() => _store.WriteAsync(path, new MemoryStream([1]), 1, None));
            Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
            await Assert.ThrowsAsync<KilnException>(() => _store.OpenReadAsync(path, 0, None));
            await Assert.ThrowsAsync<KilnException>(() => _store.DeleteAsync(path, None));
        }
        await _store.DeleteAsync(string.Empty, None);
        Assert.Single(await _store.ListPartsAsync("pending.bin", uploadId, None));
    }

    [Fact]
    public async Task Hidden_files_are_listed_like_any_other()
    {
        await WriteTextAsync(".hidden/.env", "x");

        Assert.Equal([new ArtifactEntry(".hidden", true, null)], await _store.ListAsync(string.Empty, None));
        Assert.Equal([".hidden/.env"], (await ToListAsync(_store.ListRecursiveAsync(string.Empty, None))).Select(entry => entry.Path));
    }

    [Fact]
    public async Task Failed_write_leaves_neither_a_partial_file_nor_a_temp_file()
    {
        await WriteTextAsync("model.bin", "previous version");

        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync("model.bin", new FailingStream(300_000), null, None));
        await Assert.ThrowsAsync<IOException>(() => _store.WriteAsync("new/model.bin", new FailingStream(300_000), null, None));

        Assert.Equal("previous version", await ReadTextAsync("model.bin"));
        Assert.Null(await _store.GetFileAsync("new/model.bin", None));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, ".kiln-tmp")));
    }

    [Fact]
    public async Task Writes_go_through_a_temp_file_in_the_root_and_leave_none_behind()
    {
        await _store.WriteAsync("a/b/c.bin", new GeneratedStream(1_000_000, seed: 5), null, None);

        Assert.True(File.Exists(Path.Combine(_root.Path, "a", "b", "c.bin")));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, ".kiln-tmp")));
    }

    [Fact]
    public async Task Readers_keep_the_content_they_opened_while_a_writer_replaces_the_file()
    {
        await WriteTextAsync("live.txt", "old content");
        await using var reader = await _store.OpenReadAsync("live.txt", 0, None);

        await WriteTextAsync("live.txt", "new content!");

        using var text = new StreamReader(reader);
        Assert.Equal("old content", await text.ReadToEndAsync(None));
        Assert.Equal("new content!", await ReadTextAsync("live.txt"));
    }

    [Fact]
    public async Task Concurrent_readers_only_ever_see_whole_versions()
    {
        const int size = 256 * 1024;
        var versions = Enumerable.Range(1, 12).Select(seed => GeneratedStream.Bytes(size, (ulong)seed)).ToArray();
        var wholeVersions = versions.Select(Convert.ToHexString).ToHashSet();
        await _store.WriteAsync("shared.bin", new MemoryStream(versions[0]), size, None);

        var writers = Task.WhenAll(Enumerable.Range(0, 3).Select(writer => Task.Run(async () =>
        {
            for (var i = writer; i < versions.Length; i += 3)
            {
                await _store.WriteAsync("shared.bin", new MemoryStream(versions[i]), size, None);
            }
        })));
        var reads = 0;
        while (!writers.IsCompleted || reads < 20)
        {
            Assert.Contains(Convert.ToHexString(await ReadAllAsync("shared.bin")), wholeVersions);
            reads++;
        }
        await writers;
    }

    [Fact]
    public async Task Writing_over_a_directory_or_under_a_file_is_invalid()
    {
        await WriteTextAsync("dir/file.txt", "x");

        var overDirectory = await Assert.ThrowsAsync<KilnException>(() => _store.WriteAsync("dir", new MemoryStream([1]), 1, None));
        var underFile = await Assert.ThrowsAsync<KilnException>(() => _store.WriteAsync("dir/file.txt/child", new MemoryStream([1]), 1, None));

        Assert.Equal(ErrorCode.InvalidParameterValue, overDirectory.Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, underFile.Code);
        Assert.Equal(ErrorCode.ResourceDoesNotExist, (await Assert.ThrowsAsync<KilnException>(() => _store.OpenReadAsync("dir", 0, None))).Code);
    }

    [Fact]
    public async Task Upload_ids_are_random_and_each_upload_keeps_its_parts_apart()
    {
        var first = await _store.CreateMultipartUploadAsync("same.bin", None);
        var second = await _store.CreateMultipartUploadAsync("same.bin", None);
        await UploadPartAsync("same.bin", first, 1, [1]);

        Assert.NotEqual(first, second);
        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.Single(await _store.ListPartsAsync("same.bin", first, None));
        Assert.Empty(await _store.ListPartsAsync("same.bin", second, None));
    }

    [Fact]
    public async Task Completed_upload_is_gone_and_cannot_complete_twice()
    {
        var uploadId = await _store.CreateMultipartUploadAsync("once.bin", None);
        var part = await UploadPartAsync("once.bin", uploadId, 1, [4, 5]);
        await _store.CompleteMultipartUploadAsync("once.bin", uploadId, [part], None);

        var again = await Assert.ThrowsAsync<KilnException>(() => _store.CompleteMultipartUploadAsync("once.bin", uploadId, [part], None));

        Assert.Equal(ErrorCode.ResourceDoesNotExist, again.Code);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(_root.Path, ".kiln-uploads")));
    }

    [Fact]
    public async Task Completion_checks_part_sizes_when_given()
    {
        var uploadId = await _store.CreateMultipartUploadAsync("sized.bin", None);
        var part = await UploadPartAsync("sized.bin", uploadId, 1, [1, 2, 3]);

        var wrongSize = await Assert.ThrowsAsync<KilnException>(() =>
            _store.CompleteMultipartUploadAsync("sized.bin", uploadId, [part with { Size = 4 }], None));
        await _store.CompleteMultipartUploadAsync("sized.bin", uploadId, [part with { Size = 0, ETag = part.ETag.Trim('"').ToUpperInvariant() }], None);

        Assert.Equal(ErrorCode.InvalidParameterValue, wrongSize.Code);
        Assert.Equal([1, 2, 3], await ReadAllAsync("sized.bin"));
    }

    [Fact]
    public async Task Stale_uploads_and_temp_files_are_removed()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        var store = new LocalArtifactStore(_root.Path, clock: clock);
        var stale = await store.CreateMultipartUploadAsync("stale.bin", None);
        await store.UploadPartAsync("stale.bin", stale, 1, new MemoryStream([1]), 1, None);
        var orphan = Path.Combine(_root.Path, ".kiln-tmp", "orphan.tmp");
        await File.WriteAllBytesAsync(orphan, [1], None);
        clock.Advance(TimeSpan.FromDays(3));
        var fresh = await store.CreateMultipartUploadAsync("fresh.bin", None);
        Directory.SetLastWriteTimeUtc(Path.Combine(_root.Path, ".kiln-uploads", fresh), clock.GetUtcNow().UtcDateTime);

        var removed = store.RemoveStaleUploads(TimeSpan.FromDays(2));

        Assert.Equal(1, removed);
        Assert.False(File.Exists(orphan));
        await Assert.ThrowsAsync<KilnException>(() => store.ListPartsAsync("stale.bin", stale, None));
        Assert.Empty(await store.ListPartsAsync("fresh.bin", fresh, None));
    }

    private sealed class ManualClock(DateTimeOffset now) : TimeProvider
    {
        private DateTimeOffset _now = now;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
