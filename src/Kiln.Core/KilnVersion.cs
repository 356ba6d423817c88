using System.Reflection;

namespace Kiln.Core;

/// <summary>The version of this Kiln build, as reported by /version and the CLI.</summary>
public static class KilnVersion
{
    public static string Current { get; } =
        typeof(KilnVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0]
        ?? "0.0.0";
}
