using System.Security.Cryptography;
using System.Text;
using Kiln.Core;
using Kiln.Storage.Artifacts;
using Xunit.Abstractions;

namespace Kiln.Storage.Tests.Artifacts;

/// <summary>
/// What every <see cref="IArtifactStore"/> must do. Each test gets a store of its own (a fresh folder,
/// or a fresh key prefix), so tests never see each other's files.
/// </summary>
public abstract class ArtifactStoreBehaviors(ITestOutputHelper output)
{
    /// <summary>S3 rejects parts below 5 MiB (but the last) on completion; the tests keep to that for every store.</summary>
    protected const int PartSize = 5 * 1024 * 1024;

    protected static readonly CancellationToken None = CancellationToken.None;

    protected abstract IArtifactStore Store { get; }

    [Fact]
    public async Task Written_file_reads_back_with_its_size()
    {
        await WriteTextAsync("model/MLmodel", "flavors: {}\n");

        Assert.Equal("flavors: {}\n", await ReadTextAsync("model/MLmodel"));
        var file = await Store.GetFileAsync("model/MLmodel", None);
        Assert.NotNull(file);
        Assert.Equal("model/MLmodel", file.Path);
        Assert.Equal(12, file.Size);
        Assert.True(file.LastModified > DateTimeOffset.UtcNow.AddHours(-1));
    }

    [Fact]
    public async Task Empty_file_round_trips()
    {
        await Store.WriteAsync("empty.txt", new MemoryStream(), 0, None);

        Assert.Empty(await ReadAllAsync("empty.txt"));
        Assert.Equal(0, (await Store.GetFileAsync("empty.txt", None))!.Size);
    }

    [Fact]
    public async Task Non_seekable_stream_of_unknown_length_is_written_whole()
    {
        await Store.WriteAsync("data.bin", new GeneratedStream(100_000, seed: 1), length: null, None);

        Assert.Equal(GeneratedStream.Bytes(100_000, seed: 1), await ReadAllAsync("data.bin"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Content_larger_than_one_part_is_written_whole(bool declareLength)
    {
        const int size = (8 * 1024 * 1024) + 12345;
        await Store.WriteAsync("larger.bin", new GeneratedStream(size, seed: 2), declareLength ? size : null, None);

        Assert.Equal(size, (await Store.GetFileAsync("larger.bin", None))!.Size);
        Assert.Equal(GeneratedStream.Sha256(size, seed: 2), await HashAsync("larger.bin"));
    }

    [Fact]
    public async Task Declared_length_that_the_stream_does_not_match_is_rejected()
    {
        var shorter = await Assert.ThrowsAsync<KilnException>(() => Store.WriteAsync("short.bin", new GeneratedStream(10, seed: 3), 11, None));
        var longer = await Assert.ThrowsAsync<KilnException>(() => Store.WriteAsync("long.bin", new GeneratedStream(12, seed: 3), 11, None));

        Assert.Equal(ErrorCode.InvalidParameterValue, shorter.Code);
        Assert.Equal(ErrorCode.InvalidParameterValue, longer.Code);
        Assert.Null(await Store.GetFileAsync("short.bin", None));
        Assert.Null(await Store.GetFileAsync("long.bin", None));
    }

    [Fact]
    public async Task Reads_start_at_the_offset()
    {
        await WriteTextAsync("log.txt", "0123456789");

        Assert.Equal("0123456789", await ReadTextAsync("log.txt", offset: 0));
        Assert.Equal("789", await ReadTextAsync("log.txt", offset: 7));
        Assert.Equal("9", await ReadTextAsync("log.txt", offset: 9));
        Assert.Equal(string.Empty, await ReadTextAsync("log.txt", offset: 10));
        Assert.Equal(string.Empty, await ReadTextAsync("log.txt", offset: 1000));
    }

    [Fact]
    public async Task Overwrite_replaces_the_whole_content()
    {
        await WriteTextAsync("notes.txt", "a much longer first version");
        await WriteTextAsync("notes.txt", "short");

        Assert.Equal("short", await ReadTextAsync("notes.txt"));
        Assert.Equal(5, (await Store.GetFileAsync("notes.txt", None))!.Size);
    }

    [Fact]
    public async Task Paths_with_spaces_unicode_and_plus_signs_round_trip()
    {
        const string path = "dir with space/ünïcode+plus=&.txt";
        await WriteTextAsync(path, "odd");

        Assert.Equal("odd", await ReadTextAsync(path));
        var entry = Assert.Single(await Store.ListAsync("dir with space", None));
        Assert.Equal(path, entry.Path);
    }

    [Fact]
    public async Task List_returns_direct_children_sorted_with_sizes_for_files()
    {
        await WriteTextAsync("b.txt", "bb");
        await WriteTextAsync("a.txt", "a");
        await WriteTextAsync("a/nested.txt", "nested");
        await WriteTextAsync("c/d/deep.txt", "deep");
        await WriteTextAsync("A-upper.txt", "AAA");

        var entries = await Store.ListAsync(string.Empty, None);

        Assert.Equal(
            [
                new ArtifactEntry("A-upper.txt", false, 3),
                new ArtifactEntry("a", true, null),
                new ArtifactEntry("a.txt", false, 1),
                new ArtifactEntry("b.txt", false, 2),
                new ArtifactEntry("c", true, null),
            ],
            entries);
    }

    [Fact]
    public async Task List_of_a_nested_directory_gives_paths_from_the_root()
    {
        await WriteTextAsync("run/model/MLmodel", "m");
        await WriteTextAsync("run/model/data/weights.bin", "wwww");
        await WriteTextAsync("run/model.txt", "not inside");

        Assert.Equal(
            [new ArtifactEntry("run/model/MLmodel", false, 1), new ArtifactEntry("run/model/data", true, null)],
            await Store.ListAsync("run/model", None));
        Assert.Equal([new ArtifactEntry("run/model/data/weights.bin", false, 4)], await Store.ListAsync("run/model/data/", None));
    }

    [Fact]
    public async Task List_of_a_missing_directory_or_of_a_file_is_empty()
    {
        await WriteTextAsync("file.txt", "x");

        Assert.Empty(await Store.ListAsync("missing", None));
        Assert.Empty(await Store.ListAsync("file.txt", None));
        Assert.Single(await Store.ListAsync(string.Empty, None));
    }

    [Fact]
    public async Task Recursive_list_walks_every_file_in_path_order()
    {
        await WriteTextAsync("a.txt", "1");
        await WriteTextAsync("a/b.txt", "22");
        await WriteTextAsync("a/c/d.txt", "333");
        await WriteTextAsync("a/c.txt", "4444");
        await WriteTextAsync("b/e.txt", "55555");

        var all = await ToListAsync(Store.ListRecursiveAsync(string.Empty, None));
        var underA = await ToListAsync(Store.ListRecursiveAsync("a", None));

        Assert.Equal(
            [
                new ArtifactEntry("a.txt", false, 1),
                new ArtifactEntry("a/b.txt", false, 2),
                new ArtifactEntry("a/c.txt", false, 4),
                new ArtifactEntry("a/c/d.txt", false, 3),
                new ArtifactEntry("b/e.txt", false, 5),
            ],
            all);
        Assert.Equal(["a/b.txt", "a/c.txt", "a/c/d.txt"], underA.Select(entry => entry.Path));
        Assert.Empty(await ToListAsync(Store.ListRecursiveAsync("missing", None)));
    }

    [Fact]
    public async Task Delete_of_a_file_removes_only_that_file()
    {
        await WriteTextAsync("dir/keep.txt", "k");
        await WriteTextAsync("dir/drop.txt", "d");

        await Store.DeleteAsync("dir/drop.txt", None);

        Assert.Null(await Store.GetFileAsync("dir/drop.txt", None));
        Assert.Equal(["dir/keep.txt"], (await Store.ListAsync("dir", None)).Select(entry => entry.Path));
    }

    [Fact]
    public async Task Delete_of_a_directory_removes_everything_under_it_and_nothing_beside_it()
    {
        await WriteTextAsync("dir/one.txt", "1");
        await WriteTextAsync("dir/sub/two.txt", "2");
        await WriteTextAsync("dir2/sibling.txt", "s");
        await WriteTextAsync("dir.txt", "s");

        await Store.DeleteAsync("dir", None);

        Assert.Empty(await ToListAsync(Store.ListRecursiveAsync("dir", None)));
        Assert.Equal(["dir.txt", "dir2"], (await Store.ListAsync(string.Empty, None)).Select(entry => entry.Path));
    }

    [Fact]
    public async Task Delete_of_the_root_removes_every_artifact()
    {
        await WriteTextAsync("a.txt", "1");
        await WriteTextAsync("b/c.txt", "2");

        await Store.DeleteAsync(string.Empty, None);

        Assert.Empty(await ToListAsync(Store.ListRecursiveAsync(string.Empty, None)));
    }

    [Fact]
    public async Task Delete_of_what_is_not_there_is_not_an_error()
    {
        await Store.DeleteAsync("never/written.txt", None);
        await Store.DeleteAsync("never", None);
    }

    [Fact]
    public async Task Missing_files_are_not_found()
    {
        await WriteTextAsync("dir/file.txt", "x");

        Assert.Null(await Store.GetFileAsync("missing.txt", None));
        Assert.Null(await Store.GetFileAsync("dir", None));
        var error = await Assert.ThrowsAsync<KilnException>(() => Store.OpenReadAsync("missing.txt", 0, None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        var withOffset = await Assert.ThrowsAsync<KilnException>(() => Store.OpenReadAsync("missing.txt", 5, None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, withOffset.Code);
    }

    [Fact]
    public async Task Paths_under_a_file_are_missing_like_any_other()
    {
        await WriteTextAsync("file.txt", "x");

        Assert.Null(await Store.GetFileAsync("file.txt/child", None));
        Assert.Empty(await Store.ListAsync("file.txt/child", None));
        Assert.Empty(await ToListAsync(Store.ListRecursiveAsync("file.txt/child", None)));
        var error = await Assert.ThrowsAsync<KilnException>(() => Store.OpenReadAsync("file.txt/child", 0, None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        await Store.DeleteAsync("file.txt/child", None);
        Assert.Equal("x", await ReadTextAsync("file.txt"));
    }

    [Fact]
    public async Task Paths_that_escape_the_root_are_rejected()
    {
        foreach (var path in new[] { "../outside.txt", "a/../../outside.txt", "/etc/passwd", "C:/x", "a\\..\\b" })
        {
            var error = await Assert.ThrowsAsync<KilnException>(() => Store.WriteAsync(path, new MemoryStream([1]), 1, None));
            Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        }
        await Assert.ThrowsAsync<KilnException>(() => Store.ListAsync("..", None));
        await Assert.ThrowsAsync<KilnException>(() => Store.DeleteAsync("../x", None));
    }

    [Fact]
    public async Task Multipart_parts_uploaded_out_of_order_join_in_part_number_order()
    {
        var parts = PartContents(3, lastPartSize: 1000);
        var uploadId = await Store.CreateMultipartUploadAsync("big/model.bin", None);

        var third = await UploadPartAsync("big/model.bin", uploadId, 3, parts[2]);
        var first = await UploadPartAsync("big/model.bin", uploadId, 1, parts[0]);
        var second = await UploadPartAsync("big/model.bin", uploadId, 2, parts[1]);
        Assert.Null(await Store.GetFileAsync("big/model.bin", None));
        await Store.CompleteMultipartUploadAsync("big/model.bin", uploadId, [third, first, second], None);

        Assert.Equal(parts.SelectMany(part => part).ToArray(), await ReadAllAsync("big/model.bin"));
        Assert.Equal((2 * PartSize) + 1000, (await Store.GetFileAsync("big/model.bin", None))!.Size);
        Assert.Equal([new ArtifactEntry("big/model.bin", false, (2 * PartSize) + 1000)], await Store.ListAsync("big", None));
    }

    [Fact]
    public async Task Multipart_part_uploaded_again_replaces_the_first_copy()
    {
        var parts = PartContents(2, lastPartSize: 10);
        var uploadId = await Store.CreateMultipartUploadAsync("model.bin", None);
        var stale = await UploadPartAsync("model.bin", uploadId, 1, GeneratedStream.Bytes(PartSize, seed: 500));

        var first = await UploadPartAsync("model.bin", uploadId, 1, parts[0]);
        var second = await UploadPartAsync("model.bin", uploadId, 2, parts[1]);

        Assert.NotEqual(stale.ETag, first.ETag);
        Assert.Equal([first, second], await Store.ListPartsAsync("model.bin", uploadId, None));
        await Store.CompleteMultipartUploadAsync("model.bin", uploadId, [first, second], None);
        Assert.Equal(parts.SelectMany(part => part).ToArray(), await ReadAllAsync("model.bin"));
    }

    [Fact]
    public async Task Multipart_parts_are_listed_so_an_interrupted_upload_can_resume()
    {
        var parts = PartContents(3, lastPartSize: 77);
        var uploadId = await Store.CreateMultipartUploadAsync("resume.bin", None);
        Assert.Empty(await Store.ListPartsAsync("resume.bin", uploadId, None));
        var first = await UploadPartAsync("resume.bin", uploadId, 1, parts[0]);
        var third = await UploadPartAsync("resume.bin", uploadId, 3, parts[2]);

        var stored = await Store.ListPartsAsync("resume.bin", uploadId, None);

        Assert.Equal([first, third], stored);
        Assert.Equal(PartSize, stored[0].Size);
        Assert.Equal(77, stored[1].Size);
        var second = await UploadPartAsync("resume.bin", uploadId, 2, parts[1]);
        await Store.CompleteMultipartUploadAsync("resume.bin", uploadId, [.. stored, second], None);
        Assert.Equal(GeneratedStreamHash(parts), await HashAsync("resume.bin"));
    }

    [Fact]
    public async Task Multipart_part_from_a_non_seekable_stream_of_unknown_length_is_stored()
    {
        var uploadId = await Store.CreateMultipartUploadAsync("stream.bin", None);

        var first = await Store.UploadPartAsync("stream.bin", uploadId, 1, new GeneratedStream(PartSize + 1, seed: 40), length: null, None);
        var second = await Store.UploadPartAsync("stream.bin", uploadId, 2, new GeneratedStream(5, seed: 41), length: 5, None);
        await Store.CompleteMultipartUploadAsync("stream.bin", uploadId, [first, second], None);

        Assert.Equal(PartSize + 1, first.Size);
        var expected = GeneratedStream.Bytes(PartSize + 1, seed: 40).Concat(GeneratedStream.Bytes(5, seed: 41)).ToArray();
        Assert.Equal(expected, await ReadAllAsync("stream.bin"));
    }

    [Fact]
    public async Task Multipart_completion_naming_a_part_never_uploaded_is_invalid()
    {
        var parts = PartContents(2, lastPartSize: 10);
        var uploadId = await Store.CreateMultipartUploadAsync("gap.bin", None);
        var first = await UploadPartAsync("gap.bin", uploadId, 1, parts[0]);

        var error = await Assert.ThrowsAsync<KilnException>(() =>
            Store.CompleteMultipartUploadAsync("gap.bin", uploadId, [first, first with { PartNumber = 2 }], None));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        Assert.Contains("2", error.Message, StringComparison.Ordinal);
        Assert.Null(await Store.GetFileAsync("gap.bin", None));
    }

    [Fact]
    public async Task Multipart_completion_with_a_wrong_etag_is_invalid()
    {
        var uploadId = await Store.CreateMultipartUploadAsync("etag.bin", None);
        var only = await UploadPartAsync("etag.bin", uploadId, 1, [1, 2, 3]);

        var error = await Assert.ThrowsAsync<KilnException>(() =>
            Store.CompleteMultipartUploadAsync("etag.bin", uploadId, [only with { ETag = "\"0123456789abcdef0123456789abcdef\"" }], None));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        await Store.CompleteMultipartUploadAsync("etag.bin", uploadId, [only], None);
        Assert.Equal([1, 2, 3], await ReadAllAsync("etag.bin"));
    }

    [Fact]
    public async Task Multipart_abort_discards_the_parts()
    {
        var uploadId = await Store.CreateMultipartUploadAsync("aborted.bin", None);
        await UploadPartAsync("aborted.bin", uploadId, 1, [1, 2, 3]);

        await Store.AbortMultipartUploadAsync("aborted.bin", uploadId, None);

        var error = await Assert.ThrowsAsync<KilnException>(() => Store.ListPartsAsync("aborted.bin", uploadId, None));
        Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        Assert.Null(await Store.GetFileAsync("aborted.bin", None));
        Assert.Empty(await Store.ListAsync(string.Empty, None));
    }

    [Fact]
    public async Task Multipart_upload_ids_that_are_unknown_or_for_another_path_are_rejected()
    {
        var uploadId = await Store.CreateMultipartUploadAsync("mine.bin", None);
        await Store.WriteAsync("theirs.bin", new MemoryStream([9]), 1, None);

        foreach (var attempt in new Func<Task>[]
        {
            () => UploadPartAsync("theirs.bin", uploadId, 1, [1]),
            () => Store.ListPartsAsync("theirs.bin", uploadId, None),
            () => Store.CompleteMultipartUploadAsync("theirs.bin", uploadId, [new UploadedPart(1, "\"00\"", 1)], None),
            () => Store.AbortMultipartUploadAsync("theirs.bin", uploadId, None),
            () => UploadPartAsync("mine.bin", "0123456789abcdef0123456789abcdef", 1, [1]),
            () => Store.ListPartsAsync("mine.bin", "no-such-upload", None),
            () => Store.AbortMultipartUploadAsync("mine.bin", "../../etc", None),
        })
        {
            var error = await Assert.ThrowsAsync<KilnException>(attempt);
            Assert.Equal(ErrorCode.ResourceDoesNotExist, error.Code);
        }
        Assert.Equal([9], await ReadAllAsync("theirs.bin"));
        Assert.Empty(await Store.ListPartsAsync("mine.bin", uploadId, None));
    }

    [Fact]
    public async Task Multipart_part_numbers_outside_1_to_10000_are_invalid()
    {
        var uploadId = await Store.CreateMultipartUploadAsync("numbers.bin", None);

        foreach (var partNumber in new[] { 0, -1, 10_001 })
        {
            var error = await Assert.ThrowsAsync<KilnException>(() => UploadPartAsync("numbers.bin", uploadId, partNumber, [1]));
            Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
        }
        var empty = await Assert.ThrowsAsync<KilnException>(() => Store.CompleteMultipartUploadAsync("numbers.bin", uploadId, [], None));
        Assert.Equal(ErrorCode.InvalidParameterValue, empty.Code);
    }

    [Fact]
    public async Task Large_file_from_a_non_seekable_stream_is_written_without_buffering_it_whole()
    {
        const long size = 50L * 1024 * 1024;
        // The first write rents the pooled buffers and compiles the code paths; measure the second.
        await Store.WriteAsync("warm-up.bin", new GeneratedStream((9 * 1024 * 1024) + 1, seed: 6), length: null, None);

        var before = GC.GetTotalAllocatedBytes(precise: true);
        await Store.WriteAsync("large/weights.bin", new GeneratedStream(size, seed: 7), length: null, None);
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;

        output.WriteLine($"Writing {size:N0} bytes allocated {allocated:N0} bytes");
        // A part buffer or two (the pool may hand the warm-up's buffer to another core) and request overheads.
        Assert.True(allocated < size / 2, $"Writing {size:N0} bytes allocated {allocated:N0} bytes: the content was buffered");
        Assert.Equal(size, (await Store.GetFileAsync("large/weights.bin", None))!.Size);
        Assert.Equal(GeneratedStream.Sha256(size, seed: 7), await HashAsync("large/weights.bin"));
    }

    protected async Task WriteTextAsync(string path, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        await Store.WriteAsync(path, new MemoryStream(bytes), bytes.Length, None);
    }

    protected async Task<byte[]> ReadAllAsync(string path, long offset = 0)
    {
        await using var stream = await Store.OpenReadAsync(path, offset, None);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, None);
        return copy.ToArray();
    }

    protected async Task<string> ReadTextAsync(string path, long offset = 0) => Encoding.UTF8.GetString(await ReadAllAsync(path, offset));

    protected async Task<byte[]> HashAsync(string path)
    {
        await using var stream = await Store.OpenReadAsync(path, 0, None);
        return await SHA256.HashDataAsync(stream, None);
    }

    protected Task<UploadedPart> UploadPartAsync(string path, string uploadId, int partNumber, byte[] content) =>
        Store.UploadPartAsync(path, uploadId, partNumber, new MemoryStream(content), content.Length, None);

    protected static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }
        return list;
    }

    /// <summary>Full-size parts but the last, each with its own content.</summary>
    private static byte[][] PartContents(int count, int lastPartSize) =>
        Enumerable.Range(1, count)
            .Select(number => GeneratedStream.Bytes(number == count ? lastPartSize : PartSize, seed: (ulong)(100 + number)))
            .ToArray();

    private static byte[] GeneratedStreamHash(byte[][] parts) => SHA256.HashData(parts.SelectMany(part => part).ToArray());
}
