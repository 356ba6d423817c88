using System.Net.Http.Headers;
using System.Text;
using Kiln.Storage.Entities;
using Microsoft.AspNetCore.Http;

namespace Kiln.Server.Hosting;

/// <summary>Who is making a request and from where, for audit history.</summary>
public static class RequestActor
{
    public const string Anonymous = "anonymous";

    public static Actor From(HttpContext context)
    {
        var address = context.Connection.RemoteIpAddress?.ToString();
        if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name })
        {
            return new Actor(name, address);
        }
        return new Actor(BasicUserName(context.Request.Headers.Authorization) ?? Anonymous, address);
    }

    /// <summary>The user name of a Basic credential (how MLflow clients send MLFLOW_TRACKING_USERNAME).</summary>
    private static string? BasicUserName(string? header)
    {
        if (header is null || !AuthenticationHeaderValue.TryParse(header, out var value)
            || !value.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || value.Parameter is null)
        {
            return null;
        }
        try
        {
            var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(value.Parameter));
            var colon = decoded.IndexOf(':', StringComparison.Ordinal);
            return colon > 0 ? decoded[..colon] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
