using Kiln.Core;
using Kiln.Storage.Artifacts;

namespace Kiln.Storage.Tests.Artifacts;

public class S3ArtifactStoreOptionsTests
{
    [Theory]
    [InlineData("s3://bucket", "bucket", "")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("s3://bucket/mlflow", "bucket", "mlflow")]
    [InlineData("s3://bucket/mlflow/artifacts/", "bucket", "mlflow/artifacts")]
    [InlineData("S3://my.bucket-1//a//b", "my.bucket-1", "a/b")]
    public void Uri_gives_bucket_and_prefix(string uri, string bucket, string prefix)
    {
        var options = S3ArtifactStoreOptions.FromUri(uri);

        Assert.Equal(bucket, options.Bucket);
        Assert.Equal(prefix, options.Prefix);
        Assert.Null(options.EndpointUrl);
        Assert.True(options.ForcePathStyle);
        Assert.Equal(8 * 1024 * 1024, options.PartSize);
    }

    [Theory]
    [InlineData("s3://")]
    [InlineData("s3:///prefix")]
    [InlineData("gs://bucket/prefix")]
    [InlineData("bucket/prefix")]
    [InlineData("s3://bu cket/x")]
    public void Malformed_uris_are_invalid(string uri)
    {
        var error = Assert.Throws<KilnException>(() => S3ArtifactStoreOptions.FromUri(uri));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }

    [Fact]
    public void Parts_smaller_than_S3_allows_are_refused()
    {
        var options = S3ArtifactStoreOptions.FromUri("s3://bucket") with { PartSize = 1024 };

        Assert.Throws<ArgumentOutOfRangeException>(() => new S3ArtifactStore(options));
    }

    [Fact]
    public void An_access_key_without_its_secret_is_refused()
    {
        var options = S3ArtifactStoreOptions.FromUri("s3://bucket") with { AccessKeyId = "key" };

        Assert.Throws<ArgumentException>(() => new S3ArtifactStore(options));
    }
}
