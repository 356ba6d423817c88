using System.Buffers;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// A part body that can be read twice, as S3 payload signing needs (once to hash, once to send):
/// the caller's stream when it can seek, a pooled buffer when the part is small, otherwise a
/// temporary file that deletes itself on close.
/// </summary>
internal sealed class SeekablePartBody : IAsyncDisposable
{
    private readonly byte[]? _pooled;
    private readonly bool _ownsStream;

    private SeekablePartBody(Stream stream, long length, byte[]? pooled, bool ownsStream)
    {
        Stream = stream;
        Length = length;
        _pooled = pooled;
        _ownsStream = ownsStream;
    }

    public Stream Stream { get; }

    public long Length { get; }

    public static async Task<SeekablePartBody> CreateAsync(string path, Stream content, long? length, int memoryLimit, string spoolDirectory, CancellationToken cancellationToken)
    {
        if (content.CanSeek)
        {
            var remaining = content.Length - content.Position;
            ContentLength.EnsureMatches(path, length, remaining);
            return new SeekablePartBody(content, remaining, pooled: null, ownsStream: false);
        }
        if (length is { } declared && declared > memoryLimit)
        {
            return await SpoolAsync(path, content, length, [], spoolDirectory, cancellationToken);
        }
        var capacity = (int)(length ?? memoryLimit);
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(capacity, 1));
        try
        {
            var filled = await StreamReads.FillAsync(content, buffer.AsMemory(0, capacity), cancellationToken);
            var next = filled < capacity ? -1 : await StreamReads.ReadByteAsync(content, cancellationToken);
            if (next >= 0 && length is null)
            {
                // Larger than the memory limit: move what was read, and the rest, to a file.
                var spooled = await SpoolAsync(path, content, length, [buffer.AsMemory(0, filled), new[] { (byte)next }], spoolDirectory, cancellationToken);
                ArrayPool<byte>.Shared.Return(buffer);
                return spooled;
            }
            ContentLength.EnsureMatches(path, length, next >= 0 ? filled + 1L : filled);
            var body = new MemoryStream(buffer, 0, filled, writable: false);
            return new SeekablePartBody(body, filled, buffer, ownsStream: true);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    private static async Task<SeekablePartBody> SpoolAsync(string path, Stream content, long? length, ReadOnlyMemory<byte>[] alreadyRead, string spoolDirectory, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.Combine(spoolDirectory, "kiln-part-" + Guid.NewGuid().ToString("N")), new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.ReadWrite,
            Share = FileShare.None,
            Options = FileOptions.Asynchronous | FileOptions.DeleteOnClose,
            BufferSize = 0,
        });
        try
        {
            long total = 0;
            foreach (var chunk in alreadyRead)
            {
                await file.WriteAsync(chunk, cancellationToken);
                total += chunk.Length;
            }
            total += await PooledStreamCopy.CopyAsync(content, file, hash: null, cancellationToken);
            ContentLength.EnsureMatches(path, length, total);
            file.Position = 0;
            return new SeekablePartBody(file, total, pooled: null, ownsStream: true);
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_ownsStream)
        {
            await Stream.DisposeAsync();
        }
        if (_pooled is not null)
        {
            ArrayPool<byte>.Shared.Return(_pooled);
        }
    }
}
