using System.Net;
using System.Text.Json;

namespace Kiln.Client.Http;

/// <summary>Reads a failed answer as MLflow's <c>{error_code, message}</c> or Kiln's ProblemDetails, else as text.</summary>
internal static class ErrorResponse
{
    private const int MaxTextLength = 500;

    public static async Task<KilnApiException> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        string text;
        try
        {
            text = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException)
        {
            text = string.Empty;
        }
        return Parse(status, text) ?? new KilnApiException(status, null, Fallback(response, text));
    }

    internal static KilnApiException? Parse(HttpStatusCode status, string text)
    {
        if (text.Length == 0 || text[0] != '{')
        {
            return null;
        }
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            var code = String(root, "error_code");
            var message = String(root, "message") ?? String(root, "detail");
            var title = String(root, "title");
            if (code is null && message is null && title is null)
            {
                return null;
            }
            return new KilnApiException(status, code ?? title, message ?? title ?? string.Empty);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Fallback(HttpResponseMessage response, string text)
    {
        var summary = $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}".TrimEnd();
        var body = text.Trim();
        if (body.Length == 0)
        {
            return summary;
        }
        return summary + ": " + (body.Length > MaxTextLength ? body[..MaxTextLength] + "..." : body);
    }
}
