using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Kiln.Storage.Tests.Artifacts;

/// <summary>
/// A read-only, non-seekable stream of <paramref name="length"/> pseudo-random bytes derived from a seed:
/// large content that exists nowhere in memory, and that a second instance reproduces for comparison.
/// </summary>
public sealed class GeneratedStream(long length, ulong seed) : Stream
{
    private ulong _state = seed == 0 ? 0x9E3779B97F4A7C15 : seed;
    private long _position;
    private readonly byte[] _pending = new byte[8];
    private int _pendingOffset = 8;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public static byte[] Bytes(int length, ulong seed)
    {
        var bytes = new byte[length];
        using var stream = new GeneratedStream(length, seed);
        stream.ReadExactly(bytes);
        return bytes;
    }

    public static byte[] Sha256(long length, ulong seed)
    {
        using var stream = new GeneratedStream(length, seed);
        return SHA256.HashData(stream);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = (int)Math.Min(buffer.Length, length - _position);
        for (var i = 0; i < count; i++)
        {
            if (_pendingOffset == _pending.Length)
            {
                // xorshift64: fast and good enough to defeat compression or accidental equality.
                _state ^= _state << 13;
                _state ^= _state >> 7;
                _state ^= _state << 17;
                BinaryPrimitives.WriteUInt64LittleEndian(_pending, _state);
                _pendingOffset = 0;
            }
            buffer[i] = _pending[_pendingOffset++];
        }
        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
