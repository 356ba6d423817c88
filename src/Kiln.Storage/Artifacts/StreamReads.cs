namespace Kiln.Storage.Artifacts;

/// <summary>Reads that fill a buffer as far as the stream allows.</summary>
internal static class StreamReads
{
    /// <summary>Reads until <paramref name="buffer"/> is full or the stream ends; returns the bytes read.</summary>
    public static ValueTask<int> FillAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken);

    /// <summary>The next byte, or -1 at the end of the stream.</summary>
    public static async ValueTask<int> ReadByteAsync(Stream stream, CancellationToken cancellationToken)
    {
        var next = new byte[1];
        return await stream.ReadAsync(next, cancellationToken) == 0 ? -1 : next[0];
    }
}
