using System.Diagnostics.CodeAnalysis;
using System.Net;
using Amazon.S3;
using Kiln.Core;

namespace Kiln.Storage.Artifacts;

/// <summary>Turns S3's expected failures (missing keys and uploads, rejected part lists) into <see cref="KilnException"/>s.</summary>
internal static class S3Errors
{
    public static bool TryTranslate(AmazonS3Exception exception, string subject, [NotNullWhen(true)] out KilnException? translated)
    {
        translated = exception.ErrorCode switch
        {
            "NoSuchUpload" => new KilnException(ErrorCode.ResourceDoesNotExist, $"No multipart upload {subject}", exception),
            "NoSuchKey" => new KilnException(ErrorCode.ResourceDoesNotExist, $"No artifact file at {subject}", exception),
            "NoSuchBucket" => new KilnException(ErrorCode.ResourceDoesNotExist, $"The S3 bucket for {subject} does not exist", exception),
            "InvalidPart" or "InvalidPartOrder" or "EntityTooSmall" or "MalformedXML" or "InvalidArgument" =>
                new KilnException(ErrorCode.InvalidParameterValue, $"S3 rejected the request for {subject}: {exception.Message}", exception),
            _ when exception.StatusCode == HttpStatusCode.NotFound =>
                new KilnException(ErrorCode.ResourceDoesNotExist, $"Not found: {subject}", exception),
            _ => null,
        };
        return translated is not null;
    }
}
