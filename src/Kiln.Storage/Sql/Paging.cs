using Kiln.Core;

namespace Kiln.Storage.Sql;

/// <summary>Searches fetch one row more than a page: its presence says another page follows.</summary>
internal static class Paging
{
    /// <summary>Drops the look-ahead row, if any, and returns the next page's token (null on the last page).</summary>
    public static string? TrimLookAhead<T>(List<T> rows, int maxResults, long offset)
    {
        if (rows.Count <= maxResults)
        {
            return null;
        }
        rows.RemoveRange(maxResults, rows.Count - maxResults);
        return PageToken.Encode(offset + maxResults);
    }
}
