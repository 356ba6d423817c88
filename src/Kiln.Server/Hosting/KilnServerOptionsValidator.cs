using Microsoft.Extensions.Options;

namespace Kiln.Server.Hosting;

/// <summary>Reports every bad setting at once, by name, before the server starts.</summary>
internal sealed class KilnServerOptionsValidator : IValidateOptions<KilnServerOptions>
{
    public ValidateOptionsResult Validate(string? name, KilnServerOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add("Kiln:Host must name an interface to listen on (for example 127.0.0.1).");
        }
        if (options.Port is < 0 or > 65535)
        {
            failures.Add($"Kiln:Port must be between 0 and 65535; got {options.Port}.");
        }
        if (string.IsNullOrWhiteSpace(options.DataDir))
        {
            failures.Add("Kiln:DataDir must be a folder path.");
        }
        if (options.MaxJsonBodyBytes < 1024)
        {
            failures.Add($"Kiln:MaxJsonBodyBytes must be at least 1024; got {options.MaxJsonBodyBytes}.");
        }
        if (options.MaxArtifactBytes < 1)
        {
            failures.Add($"Kiln:MaxArtifactBytes must be positive; got {options.MaxArtifactBytes}.");
        }
        if (options.ShutdownTimeout < TimeSpan.Zero)
        {
            failures.Add("Kiln:ShutdownTimeout must not be negative.");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
