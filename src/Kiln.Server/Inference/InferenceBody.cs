using System.Buffers;
using System.Globalization;
using Kiln.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Kiln.Server.Inference;

/// <summary>An inference request body read whole into a pooled buffer, under the serving body limit.</summary>
internal readonly struct InferenceBody : IDisposable
{
    public const string HeaderLengthHeader = "Inference-Header-Content-Length";

    private readonly byte[] _buffer;

    private InferenceBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    public static async ValueTask<InferenceBody> ReadAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        // Refused before the limit is lowered, so Kestrel can still drain the body and the client reads the 413.
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = maxBytes;
        }
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(request.ContentLength ?? 4096, maxBytes) + 1);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        throw TooLarge(maxBytes);
                    }
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), context.RequestAborted);
                if (read == 0)
                {
                    break;
                }
                length += read;
                if (length > maxBytes)
                {
                    throw TooLarge(maxBytes);
                }
            }
            return new InferenceBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>The JSON part and the binary tensor data after it (the binary tensor extension's header says where JSON ends).</summary>
    public (ReadOnlyMemory<byte> Json, ReadOnlyMemory<byte> Binary) Split(HttpRequest request)
    {
        var all = _buffer.AsMemory(0, Length);
        if (!request.Headers.TryGetValue(HeaderLengthHeader, out var header) || header.Count == 0)
        {
            return (all, ReadOnlyMemory<byte>.Empty);
        }
        if (!int.TryParse(header[0], NumberStyles.None, CultureInfo.InvariantCulture, out var jsonLength) || jsonLength > Length)
        {
            throw KilnException.InvalidParameter($"{HeaderLengthHeader} must be a byte count no larger than the body ({Length} bytes); got '{header[0]}'.");
        }
        return (all[..jsonLength], all[jsonLength..]);
    }

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private static KilnException TooLarge(long maxBytes) =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than the inference limit of {maxBytes} bytes (Kiln:Serving:MaxRequestBytes).");
}
