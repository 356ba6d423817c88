using Kiln.Core;
using Kiln.Core.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.Observability;

/// <summary>Liveness, version and Prometheus metrics, at the paths MLflow clients and scrapers expect.</summary>
internal static class ServerApi
{
    public static void MapServerApi(this IEndpointRouteBuilder app, MetricsRegistry metrics)
    {
        ProcessMetrics.Register(metrics);
        app.MapMethods("/health", [HttpMethods.Get, HttpMethods.Head], () => Results.Text("OK", "text/plain"));
        app.MapGet("/version", () => Results.Text(KilnVersion.Current, "text/plain"));
        app.MapGet("/metrics", () => Results.Text(metrics.Scrape(), "text/plain; version=0.0.4; charset=utf-8"));
    }
}
