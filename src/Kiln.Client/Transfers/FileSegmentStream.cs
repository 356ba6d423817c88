namespace Kiln.Client.Transfers;

/// <summary>
/// Reads one byte range of a file, counting every byte read, so a part upload streams straight from disk. Seekable,
/// so the HTTP stack can rewind it; a rewind takes back what was counted.
/// </summary>
internal sealed class FileSegmentStream : Stream
{
    private readonly FileStream _file;
    private readonly long _offset;
    private readonly long _length;
    private readonly Action<long>? _onRead;
    private long _position;

    public FileSegmentStream(string path, long offset, long length, Action<long>? onRead)
    {
        _file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        _offset = offset;
        _length = length;
        _onRead = onRead;
        _file.Position = offset;
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _position;
        set => Seek(value, SeekOrigin.Begin);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var read = _file.Read(buffer[..Limit(buffer.Length)]);
        return Advance(read);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await _file.ReadAsync(buffer[..Limit(buffer.Length)], cancellationToken);
        return Advance(read);
    }

    public override long Seek(long offset, SeekOrigin origin)
    {
        var target = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => _position + offset,
            _ => _length + offset,
        };
        ArgumentOutOfRangeException.ThrowIfNegative(target, nameof(offset));
        _onRead?.Invoke(Math.Min(target, _length) - Math.Min(_position, _length));
        _position = target;
        _file.Position = _offset + Math.Min(target, _length);
        return _position;
    }

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _file.Dispose();
        }
        base.Dispose(disposing);
    }

    private int Limit(int requested) => (int)Math.Clamp(_length - _position, 0, requested);

    private int Advance(int read)
    {
        _position += read;
        _onRead?.Invoke(read);
        return read;
    }
}
