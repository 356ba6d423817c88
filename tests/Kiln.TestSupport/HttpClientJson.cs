using System.Text.Json;

namespace Kiln.TestSupport;

public static class HttpClientJson
{
    /// <summary>GETs a JSON document, failing with the body when the status is not a success.</summary>
    public static async Task<JsonElement> GetFromJsonElementAsync(this HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {path} returned {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
