using System.Buffers.Text;
using System.Text.Json;
using Kiln.Storage.Entities;

namespace Kiln.Server.Mlflow;

/// <summary>
/// The hot path of log-batch: one forward pass over the body with <see cref="Utf8JsonReader"/>, no DOM, reusing the
/// strings of repeated metric keys. It accepts only well-formed requests; on anything else it gives up, and the
/// general reader produces MLflow's exact error for the same body.
/// </summary>
internal static class LogBatchReader
{
    public static bool TryRead(ReadOnlySpan<byte> json, out string? runId, List<Metric> metrics, List<KeyValue> parameters, List<KeyValue> tags)
    {
        runId = null;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 16 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }
            var keys = new KeyCache();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("run_id"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }
                    runId = reader.GetString();
                }
                else if (reader.ValueTextEquals("metrics"u8))
                {
                    if (!ReadMetrics(ref reader, metrics, ref keys))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("params"u8))
                {
                    if (!ReadPairs(ref reader, parameters))
                    {
                        return false;
                    }
                }
                else if (reader.ValueTextEquals("tags"u8))
                {
                    if (!ReadPairs(ref reader, tags))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            return reader.TokenType == JsonTokenType.EndObject && !string.IsNullOrEmpty(runId);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool ReadMetrics(ref Utf8JsonReader reader, List<Metric> metrics, ref KeyCache keys)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? key = null;
            double value = 0;
            long timestamp = 0;
            long step = 0;
            bool hasValue = false, hasTimestamp = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("key"u8))
                {
                    if (!reader.Read() || reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }
                    key = keys.Get(ref reader);
                }
                else if (reader.ValueTextEquals("value"u8))
                {
                    if (!reader.Read() || !TryDouble(ref reader, out value))
                    {
                        return false;
                    }
                    hasValue = true;
                }
                else if (reader.ValueTextEquals("timestamp"u8))
                {
                    if (!reader.Read() || !TryInt64(ref reader, out timestamp))
                    {
                        return false;
                    }
                    hasTimestamp = true;
                }
                else if (reader.ValueTextEquals("step"u8))
                {
                    if (!reader.Read() || (reader.TokenType != JsonTokenType.Null && !TryInt64(ref reader, out step)))
                    {
                        return false;
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || key is null || !hasValue || !hasTimestamp)
            {
                return false;
            }
            metrics.Add(new Metric(key, value, timestamp, step));
        }
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool ReadPairs(ref Utf8JsonReader reader, List<KeyValue> pairs)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            string? key = null;
            var value = string.Empty;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isKey = reader.ValueTextEquals("key"u8);
                var isValue = !isKey && reader.ValueTextEquals("value"u8);
                reader.Read();
                if (isKey || isValue)
                {
                    if (reader.TokenType != JsonTokenType.String)
                    {
                        return false;
                    }
                    if (isKey)
                    {
                        key = reader.GetString();
                    }
                    else
                    {
                        value = reader.GetString()!;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || key is null)
            {
                return false;
            }
            pairs.Add(new KeyValue(key, value));
        }
        return reader.TokenType == JsonTokenType.EndArray;
    }

    private static bool TryDouble(ref Utf8JsonReader reader, out double value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetDouble(out value);
            case JsonTokenType.String when !reader.ValueIsEscaped:
                var text = reader.ValueSpan;
                if (text.SequenceEqual("NaN"u8))
                {
                    value = double.NaN;
                    return true;
                }
                if (text.SequenceEqual("Infinity"u8))
                {
                    value = double.PositiveInfinity;
                    return true;
                }
                if (text.SequenceEqual("-Infinity"u8))
                {
                    value = double.NegativeInfinity;
                    return true;
                }
                return Utf8Parser.TryParse(text, out value, out var consumed) && consumed == text.Length;
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryInt64(ref Utf8JsonReader reader, out long value)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return reader.TryGetInt64(out value);
            case JsonTokenType.String when !reader.ValueIsEscaped:
                return Utf8Parser.TryParse(reader.ValueSpan, out value, out var consumed) && consumed == reader.ValueSpan.Length;
            default:
                value = 0;
                return false;
        }
    }

    /// <summary>Strings of recently seen metric keys, matched on their UTF-8 bytes so repeats allocate nothing.</summary>
    private struct KeyCache
    {
        private const int Capacity = 32;
        private string[]? _keys;
        private byte[][]? _utf8;
        private int _next;

        public string Get(ref Utf8JsonReader reader)
        {
            _keys ??= new string[Capacity];
            _utf8 ??= new byte[Capacity][];
            if (!reader.ValueIsEscaped)
            {
                var span = reader.ValueSpan;
                for (var i = 0; i < Capacity; i++)
                {
                    if (_utf8[i] is { } known && span.SequenceEqual(known))
                    {
                        return _keys[i];
                    }
                }
            }
            var text = reader.GetString()!;
            if (!reader.ValueIsEscaped)
            {
                _keys[_next] = text;
                _utf8[_next] = reader.ValueSpan.ToArray();
                _next = (_next + 1) % Capacity;
            }
            return text;
        }
    }
}
