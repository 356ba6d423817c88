using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Kiln.Serving.Codecs;

/// <summary>One reusable <see cref="Utf8JsonWriter"/> per thread, so encoding a response allocates no writer.</summary>
internal static class JsonWriterCache
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = true };

    [ThreadStatic]
    private static Utf8JsonWriter? _cached;

    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = _cached;
        _cached = null;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, Options);
        }
        writer.Reset(output);
        return writer;
    }

    public static void Return(Utf8JsonWriter writer)
    {
        writer.Reset();
        _cached = writer;
    }
}
