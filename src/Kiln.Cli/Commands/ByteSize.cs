using System.CommandLine.Parsing;
using System.Globalization;

namespace Kiln.Cli.Commands;

/// <summary>Sizes on the command line: <c>1048576</c>, <c>512K</c>, <c>64M</c>, <c>64MiB</c>, <c>1G</c> (binary units).</summary>
internal static class ByteSize
{
    public static long Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        if (TryParse(text, out var bytes) && bytes > 0)
        {
            return bytes;
        }
        result.AddError($"'{text}' is not a size; use bytes or a unit such as 64MiB, 512K or 1G.");
        return 0;
    }

    public static bool TryParse(string text, out long bytes)
    {
        bytes = 0;
        var trimmed = text.Trim();
        var digits = trimmed.TakeWhile(c => char.IsAsciiDigit(c) || c == '.').Count();
        if (digits == 0 || !double.TryParse(trimmed[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return false;
        }
        long? multiplier = trimmed[digits..].Trim().ToUpperInvariant() switch
        {
            "" or "B" => 1,
            "K" or "KB" or "KIB" => 1L << 10,
            "M" or "MB" or "MIB" => 1L << 20,
            "G" or "GB" or "GIB" => 1L << 30,
            _ => null,
        };
        if (multiplier is null || number * multiplier.Value > long.MaxValue)
        {
            return false;
        }
        bytes = (long)(number * multiplier.Value);
        return true;
    }
}
