using System.Globalization;
using System.Text;

namespace Kiln.Core;

/// <summary>
/// Opaque offset-based page tokens: base64 of <c>{"offset": N}</c>, the shape MLflow's own servers use,
/// so a token from either server reads the same.
/// </summary>
public static class PageToken
{
    public static string Encode(long offset) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"offset\": {offset}}}")));

    /// <summary>Decodes a token; null or empty means the first page.</summary>
    public static long Decode(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }
        try
        {
            var bytes = Convert.FromBase64String(token);
            var json = Encoding.UTF8.GetString(bytes);
            using var doc = System.Text.Json.JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && doc.RootElement.TryGetProperty("offset", out var offset)
                && offset.TryGetInt64(out var value) && value >= 0)
            {
                return value;
            }
        }
        catch (FormatException)
        {
        }
        catch (System.Text.Json.JsonException)
        {
        }
        throw KilnException.InvalidParameter($"Invalid page token, could not base64-decode or parse: {token}");
    }
}
