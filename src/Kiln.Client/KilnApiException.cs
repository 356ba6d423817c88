using System.Net;

namespace Kiln.Client;

/// <summary>
/// The server refused a request: its HTTP status, MLflow error code (<c>RESOURCE_DOES_NOT_EXIST</c>, ...) when it
/// sent one, and its message. The exception's message reads <c>CODE: message</c>.
/// </summary>
public sealed class KilnApiException : Exception
{
    public KilnApiException(HttpStatusCode statusCode, string? errorCode, string serverMessage)
        : base(string.IsNullOrEmpty(errorCode) ? serverMessage : $"{errorCode}: {serverMessage}")
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ServerMessage = serverMessage;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>MLflow's <c>error_code</c>, or a Kiln API problem's title; null when the answer carried neither.</summary>
    public string? ErrorCode { get; }

    /// <summary>MLflow's <c>message</c>, or a Kiln API problem's <c>detail</c>.</summary>
    public string ServerMessage { get; }

    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;
}
