namespace Kiln.Client.Http;

internal static class Paging
{
    /// <summary>The next page's token, or null on the last page (servers send "" or leave it out).</summary>
    public static string? NextToken(string? token) => string.IsNullOrEmpty(token) ? null : token;
}
