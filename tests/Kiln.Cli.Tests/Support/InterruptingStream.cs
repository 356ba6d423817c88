namespace Kiln.Cli.Tests.Support;

/// <summary>A response body that cancels the command once a number of bytes has been read, as Ctrl+C mid-download would.</summary>
internal sealed class InterruptingStream(Stream inner, long cancelAfter, CancellationTokenSource cancellation) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_read >= cancelAfter)
        {
            await cancellation.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            cancellation.Token.ThrowIfCancellationRequested();
        }
        var read = await inner.ReadAsync(buffer[..(int)Math.Min(buffer.Length, Math.Max(1, cancelAfter - _read))], cancellationToken);
        _read += read;
        return read;
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
