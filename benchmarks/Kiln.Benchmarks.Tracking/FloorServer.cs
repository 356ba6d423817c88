using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Benchmarks.Tracking;

/// <summary>
/// The baseline measured beside Kiln: a Kestrel endpoint that reads the same request body, parses the JSON, and
/// answers <c>{}</c> — HTTP plus JSON parsing with no storage. Kiln's latency minus this is what storage costs.
/// </summary>
internal static class FloorServer
{
    public static async Task<(WebApplication App, Uri Address)> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/api/2.0/mlflow/{**path}", async (HttpContext context) =>
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body);
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{}");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return (app, new Uri(address.TrimEnd('/') + "/"));
    }
}
