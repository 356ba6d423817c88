using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Kiln.Core;
using Microsoft.AspNetCore.Http;

namespace Kiln.Server.Mlflow;

/// <summary>
/// One MLflow API request's parameters, from the query string (GET) or the JSON body (everything else), read
/// with MLflow's type rules: int64 as numbers or numeric strings, doubles also as "NaN"/"Infinity", enums by name.
/// A missing or mistyped parameter fails with MLflow's own message.
/// </summary>
public sealed class MlflowRequest : IDisposable
{
    private readonly IQueryCollection? _query;
    private readonly int _bodyLength;
    private byte[]? _rentedBody;
    private JsonDocument? _document;
    private JsonElement _body;
    private bool _parsed;

    private MlflowRequest(IQueryCollection? query, byte[]? rentedBody, int bodyLength)
    {
        _query = query;
        _rentedBody = rentedBody;
        _bodyLength = bodyLength;
        _parsed = query is not null || rentedBody is null;
    }

    public static MlflowRequest FromQuery(IQueryCollection query) => new(query, null, 0);

    /// <summary>The raw JSON body (empty for query-string requests), for handlers with a faster reader of their own.</summary>
    public ReadOnlySpan<byte> RawBody => _rentedBody is null ? default : _rentedBody.AsSpan(0, _bodyLength);

    public static async ValueTask<MlflowRequest> ReadAsync(HttpContext context, long maxBytes)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && request.QueryString.HasValue)
        {
            return FromQuery(request.Query);
        }
        if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method))
        {
            CheckContentType(request.ContentType);
        }
        var (rented, length) = await ReadBodyAsync(request, maxBytes, context.RequestAborted);
        if (length == 0)
        {
            ArrayPool<byte>.Shared.Return(rented);
            return new MlflowRequest(null, null, 0);
        }
        // The body stays in the pooled buffer; it is parsed on first use and goes back to the pool on dispose.
        return new MlflowRequest(null, rented, length);
    }

    public void Dispose()
    {
        _document?.Dispose();
        if (Interlocked.Exchange(ref _rentedBody, null) is { } buffer)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void EnsureParsed()
    {
        if (_parsed)
        {
            return;
        }
        _parsed = true;
        var document = Parse(new ReadOnlyMemory<byte>(_rentedBody, 0, _bodyLength));
        if (document.RootElement.ValueKind == JsonValueKind.String)
        {
            // Old clients double-encode: the body is a JSON string holding the JSON object.
            var inner = document.RootElement.GetString()!;
            document.Dispose();
            document = Parse(Encoding.UTF8.GetBytes(inner));
        }
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            throw KilnException.InvalidParameter("Malformed request: the JSON body must be an object.");
        }
        _document = document;
        _body = document.RootElement;
    }

    public bool Has(string name) => _query is not null ? _query.ContainsKey(name) : TryGet(name, out _);

    public string? String(string name)
    {
        if (_query is not null)
        {
            return _query.TryGetValue(name, out var values) ? values.ToString() : null;
        }
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return element.ValueKind == JsonValueKind.String ? element.GetString() : throw InvalidValue(name, element);
    }

    /// <summary>A required string: absent, null and "" all fail with MLflow's "Missing value" message.</summary>
    public string RequiredString(string name, string? fallbackName = null)
    {
        var value = String(name);
        if (string.IsNullOrEmpty(value) && fallbackName is not null)
        {
            value = String(fallbackName);
        }
        return string.IsNullOrEmpty(value) ? throw Missing(name) : value;
    }

    public long? Int64(string name)
    {
        if (_query is not null)
        {
            var text = String(name);
            return text is null ? null : ParseInt64(name, text, isString: true);
        }
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return element.ValueKind switch
        {
            JsonValueKind.Number when element.TryGetInt64(out var value) => value,
            JsonValueKind.Number when element.TryGetDouble(out var real) && real == Math.Floor(real) && Math.Abs(real) < 9.2e18 => (long)real,
            JsonValueKind.String => ParseInt64(name, element.GetString()!, isString: true),
            _ => throw InvalidValue(name, element),
        };
    }

    public long RequiredInt64(string name) => Int64(name) ?? throw Missing(name);

    public int? Int32(string name)
    {
        var value = Int64(name);
        return value is null ? null : value is >= int.MinValue and <= int.MaxValue ? (int)value : throw InvalidValue(name, value.Value);
    }

    public double? Double(string name)
    {
        if (_query is not null)
        {
            var text = String(name);
            return text is null ? null : ParseDouble(name, text);
        }
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return element.ValueKind switch
        {
            JsonValueKind.Number => element.GetDouble(),
            JsonValueKind.String => ParseDouble(name, element.GetString()!),
            _ => throw InvalidValue(name, element),
        };
    }

    public double RequiredDouble(string name) => Double(name) ?? throw Missing(name);

    public bool? Bool(string name)
    {
        if (_query is not null)
        {
            var text = String(name);
            return text switch
            {
                null => null,
                "true" or "True" => true,
                "false" or "False" => false,
                _ => throw InvalidValue(name, JsonString(text), "str"),
            };
        }
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw InvalidValue(name, element),
        };
    }

    /// <summary>A repeated string field: repeated query keys, or a JSON array of strings.</summary>
    public IReadOnlyList<string> Strings(string name)
    {
        if (_query is not null)
        {
            return _query.TryGetValue(name, out var values) ? [.. values.Where(v => v is not null).Select(v => v!)] : [];
        }
        if (!TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }
        if (element.ValueKind != JsonValueKind.Array)
        {
            throw InvalidValue(name, element);
        }
        var result = new List<string>(element.GetArrayLength());
        foreach (var item in element.EnumerateArray())
        {
            result.Add(item.ValueKind switch
            {
                JsonValueKind.String => item.GetString()!,
                JsonValueKind.Number => item.GetRawText(),
                _ => throw InvalidValue(name, element),
            });
        }
        return result;
    }

    /// <summary>A repeated message field as raw JSON elements (empty when absent); in a query string it is not allowed.</summary>
    public JsonElement.ArrayEnumerator Array(string name)
    {
        if (_query is not null || !TryGet(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return default;
        }
        return element.ValueKind == JsonValueKind.Array ? element.EnumerateArray() : throw InvalidValue(name, element);
    }

    public int ArrayLength(string name) =>
        _query is null && TryGet(name, out var element) && element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : 0;

    public JsonElement? Element(string name) => _query is null && TryGet(name, out var element) ? element : null;

    public static KilnException Missing(string name) =>
        KilnException.InvalidParameter($"Missing value for required parameter '{name}'. See the API docs for more information about request parameters.");

    public static KilnException InvalidValue(string name, JsonElement value) => InvalidValue(name, CompactJson(value), PythonType(value));

    private static KilnException InvalidValue(string name, long value) => InvalidValue(name, value.ToString(CultureInfo.InvariantCulture), "int");

    public static KilnException InvalidValue(string name, string json, string pythonType) =>
        KilnException.InvalidParameter(
            $"Invalid value {json} for parameter '{name}' supplied. Hint: Value was of type '{pythonType}'. See the API docs for more information about request parameters.");

    private bool TryGet(string name, out JsonElement element)
    {
        EnsureParsed();
        if (_body.ValueKind == JsonValueKind.Object && _body.TryGetProperty(name, out element))
        {
            return true;
        }
        element = default;
        return false;
    }

    private static long ParseInt64(string name, string text, bool isString)
    {
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && real == Math.Floor(real) && Math.Abs(real) < 9.2e18)
        {
            return (long)real;
        }
        throw InvalidValue(name, JsonString(text), isString ? "str" : "int");
    }

    private static double ParseDouble(string name, string text) => text switch
    {
        "NaN" or "nan" => double.NaN,
        "Infinity" or "inf" => double.PositiveInfinity,
        "-Infinity" or "-inf" => double.NegativeInfinity,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw InvalidValue(name, JsonString(text), "str"),
    };

    private static void CheckContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        if (string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        var message = "Bad Request. Content-Type must be one of [application/json].";
        if (!string.IsNullOrEmpty(contentType) && contentType.All(c => char.IsAsciiLetterOrDigit(c) || "-/;,+_ ".Contains(c, StringComparison.Ordinal)))
        {
            message += $" Got '{contentType}'.";
        }
        throw KilnException.InvalidParameter(message);
    }

    private static JsonDocument Parse(ReadOnlyMemory<byte> json)
    {
        try
        {
            return JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
        }
        catch (JsonException ex)
        {
            throw KilnException.InvalidParameter($"Malformed JSON in the request body: {ex.Message}");
        }
    }

    private static async ValueTask<(byte[] Buffer, int Length)> ReadBodyAsync(HttpRequest request, long maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
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
                var read = await request.Body.ReadAsync(buffer.AsMemory(length), cancellationToken);
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
            return (buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    public static KilnException TooLarge(long maxBytes) =>
        new(ErrorCode.PayloadTooLarge, $"The request body is larger than the limit of {maxBytes} bytes.");

    private static string JsonString(string text) => PythonRepr.JsonString(text);

    /// <summary>Python's json.dumps(value, sort_keys=True, separators=(",", ":")), which MLflow's messages embed.</summary>
    internal static string CompactJson(JsonElement value)
    {
        var builder = new StringBuilder();
        Append(builder, value);
        return builder.ToString();

        static void Append(StringBuilder builder, JsonElement value)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    builder.Append('{');
                    var first = true;
                    foreach (var property in value.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal))
                    {
                        builder.Append(first ? string.Empty : ",").Append(JsonString(property.Name)).Append(':');
                        Append(builder, property.Value);
                        first = false;
                    }
                    builder.Append('}');
                    break;
                case JsonValueKind.Array:
                    builder.Append('[');
                    var firstItem = true;
                    foreach (var item in value.EnumerateArray())
                    {
                        builder.Append(firstItem ? string.Empty : ",");
                        Append(builder, item);
                        firstItem = false;
                    }
                    builder.Append(']');
                    break;
                default:
                    builder.Append(value.GetRawText());
                    break;
            }
        }
    }

    internal static string PythonType(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "str",
        JsonValueKind.Number => value.TryGetInt64(out _) ? "int" : "float",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "list",
        JsonValueKind.Object => "dict",
        _ => "NoneType",
    };
}
