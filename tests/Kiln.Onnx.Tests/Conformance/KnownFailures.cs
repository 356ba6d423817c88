namespace Kiln.Onnx.Tests.Conformance;

/// <summary>known-failures.txt: one case per line, "name  reason"; '#' starts a comment line.</summary>
internal static class KnownFailures
{
    public static Dictionary<string, string> Load(string path)
    {
        var failures = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var rawLine in File.ReadLines(path))
        {
            var line = rawLine.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var split = line.IndexOfAny([' ', '\t']);
            var name = split < 0 ? line : line[..split];
            var reason = split < 0 ? string.Empty : line[split..].Trim();
            if (reason.Length == 0)
            {
                throw new InvalidDataException($"known-failures.txt: '{name}' has no reason.");
            }

            failures.Add(name, reason);
        }

        return failures;
    }
}
