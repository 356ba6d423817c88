using Amazon;
using Amazon.Runtime;
using Amazon.S3;

namespace Kiln.Storage.Artifacts;

/// <summary>Builds an S3 client configured to work with S3-compatible servers as well as AWS.</summary>
internal static class S3ClientFactory
{
    public static AmazonS3Client Create(S3ArtifactStoreOptions options)
    {
        var region = options.Region ?? S3ArtifactStoreOptions.DefaultRegion;
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Newer SDKs add CRC checksums to every upload and validate them on download; many
            // S3-compatible servers reject or omit those, so only send them where S3 requires one.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (options.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint;
            config.AuthenticationRegion = region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(region);
        }
        AWSCredentials? credentials = null;
        if (options.AccessKeyId is { } accessKey && options.SecretAccessKey is { } secretKey)
        {
            credentials = options.SessionToken is { } token
                ? new SessionAWSCredentials(accessKey, secretKey, token)
                : new BasicAWSCredentials(accessKey, secretKey);
        }
        // Without credentials the SDK's default chain applies: environment, profile, instance role.
        return (options.EndpointUrl is null, credentials) switch
        {
            (true, null) => new AmazonS3Client(config),
            (true, _) => new AmazonS3Client(credentials, config),
            (false, null) => new S3CompatibleClient(config),
            (false, _) => new S3CompatibleClient(credentials, config),
        };
    }
}
