namespace Kiln.Core;

public static class Ids
{
    /// <summary>A run id as MLflow makes them: a random UUID as 32 lowercase hex digits.</summary>
    public static string NewRunId() => Guid.NewGuid().ToString("N");

    public static bool IsRunId(ReadOnlySpan<char> value)
    {
        if (value.Length != 32)
        {
            return false;
        }
        foreach (var c in value)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
