using System.Net;

namespace Kiln.Cli.Tests.Durability;

/// <summary>A request body sent in chunks with pauses, so the request is surely in flight for a while.</summary>
internal sealed class SlowContent(byte[] data, int chunkSize, TimeSpan pause) : HttpContent
{
    /// <summary>Completes once the headers and the first chunk are on the wire.</summary>
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        for (var offset = 0; offset < data.Length; offset += chunkSize)
        {
            await stream.WriteAsync(data.AsMemory(offset, Math.Min(chunkSize, data.Length - offset)));
            await stream.FlushAsync();
            Started.TrySetResult();
            await Task.Delay(pause);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = data.Length;
        return true;
    }
}
