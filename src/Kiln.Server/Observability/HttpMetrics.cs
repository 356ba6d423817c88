using System.Diagnostics;
using System.Globalization;
using Kiln.Core.Metrics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.Observability;

/// <summary>Counts requests and observes their latency per route template (never per raw path, to keep label sets small).</summary>
internal sealed class HttpMetrics(MetricsRegistry metrics) : IMiddleware
{
    private readonly Counter _requests = metrics.Counter("kiln_http_requests_total", "HTTP requests handled, by route and status code.", "method", "route", "status");
    private readonly Histogram _duration = metrics.Histogram("kiln_http_request_duration_seconds", "HTTP request latency, by route.", Buckets.Latency, "method", "route");

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            await next(context);
        }
        finally
        {
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            var method = context.Request.Method;
            _duration.WithLabels(method, route).ObserveSince(started);
            _requests.WithLabels(method, route, context.Response.StatusCode.ToString(CultureInfo.InvariantCulture)).Inc();
        }
    }
}
