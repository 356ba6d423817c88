using Kiln.Core;
using Kiln.Registry;
using Kiln.Server.Hosting;
using Kiln.Storage.Artifacts;
using Kiln.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Kiln.Server.Mlflow;

/// <summary>Maps MLflow's REST API on both of MLflow's prefixes, and answers unknown MLflow routes in MLflow's error format.</summary>
public static class MlflowApi
{
    private static readonly string[] Prefixes = ["/api/2.0", "/ajax-api/2.0"];

    public static IEndpointRouteBuilder MapMlflowApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var options = services.GetRequiredService<IOptions<KilnServerOptions>>().Value;
        var tracking = services.GetRequiredService<TrackingService>();
        var registry = services.GetRequiredService<RegistryService>();
        var artifacts = services.GetRequiredService<IArtifactStore>();
        var signer = services.GetRequiredService<UploadUrlSigner>();
        foreach (var prefix in Prefixes)
        {
            var mlflow = app.MapGroup(prefix + "/mlflow");
            MlflowTrackingApi.Map(mlflow, tracking, options.MaxJsonBodyBytes);
            MlflowRegistryApi.Map(mlflow, registry, options.MaxJsonBodyBytes);
            MlflowArtifactsApi.MapRunArtifactList(mlflow, artifacts, tracking, options.MaxJsonBodyBytes);
            MlflowArtifactsApi.Map(app.MapGroup(prefix + "/mlflow-artifacts"), artifacts, signer, options.MaxJsonBodyBytes, options.MaxArtifactBytes);
        }
        MlflowArtifactsApi.MapDownloadRoutes(app, artifacts, tracking, registry, options.MaxJsonBodyBytes);
        return app;
    }

    /// <summary>Unknown paths and wrong methods under MLflow's prefixes get JSON errors, not empty 404/405 pages.</summary>
    public static IApplicationBuilder UseMlflowNotFound(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        var status = context.Response.StatusCode;
        // Only answers that routing produced itself: no endpoint matched, or its "method not allowed" endpoint did.
        var endpoint = context.GetEndpoint();
        if (status is not (StatusCodes.Status404NotFound or StatusCodes.Status405MethodNotAllowed)
            || (endpoint is not null && endpoint.DisplayName?.StartsWith("405", StringComparison.Ordinal) != true))
        {
            return;
        }
        var path = context.Request.Path;
        if (Prefixes.Any(p => path.StartsWithSegments(p + "/mlflow") || path.StartsWithSegments(p + "/mlflow-artifacts")))
        {
            var message = status == StatusCodes.Status405MethodNotAllowed
                ? $"The method {context.Request.Method} is not allowed for {path}."
                : $"No API endpoint at {context.Request.Method} {path}.";
            await MlflowErrors.WriteAsync(context, ErrorCode.EndpointNotFound, message);
            context.Response.StatusCode = status;
        }
    });
}
