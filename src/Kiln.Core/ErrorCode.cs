namespace Kiln.Core;

/// <summary>
/// Kiln's error vocabulary. Each wire protocol maps these to its own format and HTTP status
/// (MLflow's error codes keep these names; the inference and Kiln APIs map them to statuses).
/// </summary>
public enum ErrorCode
{
    InternalError,
    BadRequest,
    InvalidParameterValue,
    InvalidState,
    ResourceAlreadyExists,
    ResourceDoesNotExist,
    EndpointNotFound,
    ResourceConflict,
    Aborted,
    Unauthenticated,
    PermissionDenied,
    RequestLimitExceeded,
    NotImplemented,
    TemporarilyUnavailable,
    PayloadTooLarge,
}
