using System.Text.Json;
using Kiln.Core;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Mlflow;

/// <summary>Runs MLflow handlers: parses the request, writes the JSON answer, and turns every failure into MLflow's error format.</summary>
internal static class MlflowEndpoint
{
    public static RequestDelegate Handle(long maxBodyBytes, Func<HttpContext, MlflowRequest, Task> handler) => async context =>
    {
        try
        {
            using var request = await MlflowRequest.ReadAsync(context, maxBodyBytes);
            await handler(context, request);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, ex);
        }
    };

    /// <summary>For handlers that read their own body (artifact uploads) or none.</summary>
    public static RequestDelegate HandleRaw(Func<HttpContext, Task> handler) => async context =>
    {
        try
        {
            await handler(context);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            await WriteErrorAsync(context, ex);
        }
    };

    public static async Task WriteErrorAsync(HttpContext context, Exception exception)
    {
        switch (exception)
        {
            case KilnException kiln:
                await MlflowErrors.WriteAsync(context, kiln.Code, kiln.Message);
                break;
            case BadHttpRequestException bad:
                await MlflowErrors.WriteAsync(context, bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCode.PayloadTooLarge : ErrorCode.BadRequest, bad.Message);
                break;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                break;
            default:
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kiln.Server.Mlflow");
                Log.UnhandledError(logger, context.Request.Method, context.Request.Path, exception);
                await MlflowErrors.WriteAsync(context, ErrorCode.InternalError, "Internal error: " + exception.Message);
                break;
        }
    }

    /// <summary>Writes a JSON object answer straight into the response body.</summary>
    public static async Task WriteAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    public static Task EmptyAsync(HttpContext context) => WriteAsync(context, static _ => { });
}
