using System.Text.Json;
using Kiln.Core;
using Microsoft.AspNetCore.Http;

namespace Kiln.Server.Mlflow;

/// <summary>The one place Kiln errors become MLflow's <c>{"error_code", "message"}</c> responses.</summary>
public static class MlflowErrors
{
    /// <summary>
    /// HTTP status and MLflow error code. Deterministic failures are 4xx even where MLflow answers 500, because
    /// the MLflow client retries every 5xx for minutes before giving up.
    /// </summary>
    public static (int Status, string Code) Map(ErrorCode code) => code switch
    {
        ErrorCode.BadRequest => (400, "BAD_REQUEST"),
        ErrorCode.InvalidParameterValue => (400, "INVALID_PARAMETER_VALUE"),
        ErrorCode.InvalidState => (400, "INVALID_STATE"),
        ErrorCode.ResourceAlreadyExists => (400, "RESOURCE_ALREADY_EXISTS"),
        ErrorCode.ResourceDoesNotExist => (404, "RESOURCE_DOES_NOT_EXIST"),
        ErrorCode.EndpointNotFound => (404, "ENDPOINT_NOT_FOUND"),
        ErrorCode.ResourceConflict => (409, "RESOURCE_CONFLICT"),
        ErrorCode.Aborted => (409, "ABORTED"),
        ErrorCode.Unauthenticated => (401, "UNAUTHENTICATED"),
        ErrorCode.PermissionDenied => (403, "PERMISSION_DENIED"),
        ErrorCode.PayloadTooLarge => (413, "INVALID_PARAMETER_VALUE"),
        ErrorCode.RequestLimitExceeded => (429, "REQUEST_LIMIT_EXCEEDED"),
        ErrorCode.NotImplemented => (501, "NOT_IMPLEMENTED"),
        ErrorCode.TemporarilyUnavailable => (503, "TEMPORARILY_UNAVAILABLE"),
        _ => (500, "INTERNAL_ERROR"),
    };

    public static async Task WriteAsync(HttpContext context, ErrorCode code, string message)
    {
        var (status, errorCode) = Map(code);
        var response = context.Response;
        response.StatusCode = status;
        response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error_code", errorCode);
        writer.WriteString("message", message);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
