namespace Kiln.Core;

/// <summary>An expected failure with a code the protocol layers translate; never a bug.</summary>
public class KilnException(ErrorCode code, string message, Exception? inner = null) : Exception(message, inner)
{
    public ErrorCode Code { get; } = code;

    public static KilnException InvalidParameter(string message) => new(ErrorCode.InvalidParameterValue, message);

    public static KilnException NotFound(string message) => new(ErrorCode.ResourceDoesNotExist, message);

    public static KilnException AlreadyExists(string message) => new(ErrorCode.ResourceAlreadyExists, message);

    public static KilnException BadRequest(string message) => new(ErrorCode.BadRequest, message);

    public static KilnException Conflict(string message) => new(ErrorCode.ResourceConflict, message);
}
