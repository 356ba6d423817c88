namespace Kiln.Client;

/// <summary>Which lifecycle stage a search returns.</summary>
public enum ViewType
{
    ActiveOnly,
    DeletedOnly,
    All,
}

internal static class ViewTypes
{
    public static string? ToWire(ViewType? viewType) => viewType switch
    {
        null => null,
        ViewType.DeletedOnly => "DELETED_ONLY",
        ViewType.All => "ALL",
        _ => "ACTIVE_ONLY",
    };
}
