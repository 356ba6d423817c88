using Kiln.Core;

namespace Kiln.Tracking.Search;

/// <summary>
/// MLflow's <c>_parse_order_by_string</c>, shared by every search: the clause must parse as a single
/// identifier (optionally followed by ASC/DESC), or be <c>timestamp [ASC|DESC]</c>; it is then split like a
/// shell command line with backticks read as double quotes.
/// </summary>
internal static class OrderByReader
{
    /// <summary>
    /// The key as MLflow goes on to read it, and the direction. Quotes in the key are removed only when a
    /// direction is given (shlex removes them); without one the clause comes back as written.
    /// </summary>
    public static (string Key, bool Ascending) Read(string clause)
    {
        var key = SingleIdentifier(clause);
        List<string> words;
        try
        {
            words = Shlex.Split(key.Replace('`', '"'));
        }
        catch (FormatException)
        {
            // Python's shlex raises ValueError here, which MLflow lets through as a 500.
            throw KilnException.InvalidParameter($"Error on parsing order_by clause '{clause}'");
        }
        if (words.Count > 2)
        {
            throw CouldNotBeParsed(clause);
        }
        if (words.Count < 2)
        {
            return (key, true);
        }
        var direction = words[1].ToLowerInvariant();
        if (direction is not ("asc" or "desc"))
        {
            throw KilnException.InvalidParameter($"Invalid ordering key in order_by clause '{clause}'.");
        }
        return (words[0], direction == "asc");
    }

    /// <summary>MLflow's <c>_validate_order_by_and_generate_token</c>.</summary>
    private static string SingleIdentifier(string clause)
    {
        List<SqlNode> statements;
        try
        {
            statements = SqlParser.Parse(clause);
        }
        catch (SqlParseException)
        {
            throw KilnException.InvalidParameter($"Error on parsing order_by clause '{clause}'");
        }
        if (statements.Count != 1)
        {
            throw CouldNotBeParsed(clause);
        }
        var tokens = statements[0].Children!;
        if (tokens.Count == 1 && tokens[0].Kind == SqlKind.Identifier)
        {
            return tokens[0].Text;
        }
        // sqlparse reads "timestamp" as a type name, never an identifier, so MLflow lets it through by hand.
        if (IsTimestamp(tokens[0]))
        {
            if (tokens.Count == 1)
            {
                return "timestamp";
            }
            if (tokens[^1].Kind == SqlKind.OrderKeyword && tokens.Skip(1).SkipLast(1).All(token => token.IsWhitespace))
            {
                return "timestamp " + tokens[^1].Text;
            }
        }
        throw CouldNotBeParsed(clause);
    }

    private static bool IsTimestamp(SqlNode token) => token.Kind == SqlKind.Builtin && token.TextSpan.SequenceEqual("timestamp");

    private static KilnException CouldNotBeParsed(string clause) =>
        KilnException.InvalidParameter($"Invalid order_by clause '{clause}'. Could not be parsed.");
}
