using System.Globalization;
using Kiln.Core;
using Microsoft.AspNetCore.Http;

namespace Kiln.Server.Inference;

/// <summary>Route values shared by the inference endpoints.</summary>
internal static class InferenceRoutes
{
    public const string ModelVersionHeader = "Kiln-Model-Version";

    public static string ModelName(HttpContext context) => (string)context.Request.RouteValues["name"]!;

    /// <summary>The <c>{version}</c> route value, or null on routes without one.</summary>
    public static long? Version(HttpContext context)
    {
        if (!context.Request.RouteValues.TryGetValue("version", out var value) || value is not string text)
        {
            return null;
        }
        return long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) && version > 0
            ? version
            : throw KilnException.InvalidParameter($"Model version must be a positive integer; got '{text}'.");
    }
}
