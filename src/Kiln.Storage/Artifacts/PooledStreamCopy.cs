using System.Buffers;
using System.Security.Cryptography;

namespace Kiln.Storage.Artifacts;

/// <summary>Copies a stream through one pooled buffer, optionally hashing what passes through.</summary>
internal static class PooledStreamCopy
{
    private const int BufferSize = 128 * 1024;

    /// <summary>Copies everything left in <paramref name="source"/>; returns the number of bytes copied.</summary>
    public static async Task<long> CopyAsync(Stream source, Stream destination, IncrementalHash? hash, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long total = 0;
            int read;
            while ((read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken)) > 0)
            {
                hash?.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                total += read;
            }
            return total;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
