using System.Text.Json;
using Kiln.Core;
using Kiln.Server.Mlflow;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kiln.Server.Inference;

/// <summary>
/// The one place Kiln errors become the Open Inference Protocol's <c>{"error": "..."}</c> answers (and, for MLflow
/// scoring, MLflow's error format). Overload (503) always carries Retry-After.
/// </summary>
internal static class InferenceErrors
{
    public const string RetryAfterSeconds = "1";

    public static int Status(ErrorCode code) => code switch
    {
        ErrorCode.BadRequest or ErrorCode.InvalidParameterValue or ErrorCode.InvalidState or ErrorCode.ResourceAlreadyExists => StatusCodes.Status400BadRequest,
        ErrorCode.ResourceDoesNotExist or ErrorCode.EndpointNotFound => StatusCodes.Status404NotFound,
        ErrorCode.PayloadTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCode.RequestLimitExceeded => StatusCodes.Status429TooManyRequests,
        ErrorCode.NotImplemented => StatusCodes.Status501NotImplemented,
        ErrorCode.TemporarilyUnavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes <c>{"error"}</c> with the status the exception calls for; client disconnects write nothing.</summary>
    public static async Task WriteV2Async(HttpContext context, Exception exception)
    {
        if (!TryClassify(context, exception, out var code, out var message))
        {
            return;
        }
        var response = context.Response;
        response.StatusCode = Status(code);
        if (code == ErrorCode.TemporarilyUnavailable)
        {
            response.Headers.RetryAfter = RetryAfterSeconds;
        }
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }

    /// <summary>MLflow's <c>{"error_code", "message"}</c>, as its scoring server answers.</summary>
    public static async Task WriteMlflowAsync(HttpContext context, Exception exception)
    {
        if (!TryClassify(context, exception, out var code, out var message))
        {
            return;
        }
        if (code == ErrorCode.TemporarilyUnavailable)
        {
            context.Response.Headers.RetryAfter = RetryAfterSeconds;
        }
        // MLflow's client treats its own 4xx codes as final; an invalid state (a model that failed to load) is BAD_REQUEST.
        await MlflowErrors.WriteAsync(context, code == ErrorCode.InvalidState ? ErrorCode.BadRequest : code, message);
    }

    private static bool TryClassify(HttpContext context, Exception exception, out ErrorCode code, out string message)
    {
        switch (exception)
        {
            case KilnException kiln:
                code = kiln.Code;
                message = kiln.Message;
                return true;
            case BadHttpRequestException bad:
                code = bad.StatusCode == StatusCodes.Status413PayloadTooLarge ? ErrorCode.PayloadTooLarge : ErrorCode.BadRequest;
                message = bad.Message;
                return true;
            case OperationCanceledException when context.RequestAborted.IsCancellationRequested:
                code = default;
                message = string.Empty;
                return false;
            default:
                var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kiln.Server.Inference");
                Log.UnhandledError(logger, context.Request.Method, context.Request.Path, exception);
                code = ErrorCode.InternalError;
                message = "Internal error: " + exception.Message;
                return true;
        }
    }
}
