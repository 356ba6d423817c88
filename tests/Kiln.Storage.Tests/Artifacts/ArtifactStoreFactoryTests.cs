using Kiln.Core;
using Kiln.Storage.Artifacts;
using Kiln.TestSupport;

namespace Kiln.Storage.Tests.Artifacts;

public class ArtifactStoreFactoryTests
{
    private static readonly Func<string, string?> NoEnvironment = _ => null;

    [Fact]
    public void Local_path_gives_a_local_store()
    {
        using var root = new TempDirectory();

        var store = Assert.IsType<LocalArtifactStore>(ArtifactStoreFactory.Create(root.Path, null, null, NoEnvironment));

        Assert.Equal(root.Path, store.RootDirectory);
    }

    [Fact]
    public void File_uri_gives_a_local_store()
    {
        using var root = new TempDirectory();

        var store = Assert.IsType<LocalArtifactStore>(ArtifactStoreFactory.Create(new Uri(root.Path).AbsoluteUri, null, null, NoEnvironment));

        Assert.Equal(root.Path, store.RootDirectory);
    }

    [Fact]
    public void Relative_path_is_taken_from_the_current_folder()
    {
        using var root = new TempDirectory();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, Path.Combine(root.Path, "artifacts"));

        var store = Assert.IsType<LocalArtifactStore>(ArtifactStoreFactory.Create(relative, null, null, NoEnvironment));

        Assert.Equal(Path.Combine(root.Path, "artifacts"), store.RootDirectory);
    }

    [Fact]
    public void S3_uri_gives_an_S3_store_configured_from_the_environment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["MLFLOW_S3_ENDPOINT_URL"] = "http://127.0.0.1:9",
            ["AWS_ACCESS_KEY_ID"] = "key",
            ["AWS_SECRET_ACCESS_KEY"] = "secret",
            ["AWS_DEFAULT_REGION"] = "eu-west-1",
        };

        using var store = Assert.IsType<S3ArtifactStore>(
            ArtifactStoreFactory.Create("s3://bucket/mlflow/", null, null, name => environment.GetValueOrDefault(name)));

        Assert.Equal("s3://bucket/mlflow", store.RootUri);
    }

    [Fact]
    public void S3_options_resolve_before_the_environment()
    {
        var options = new ArtifactStoreOptions { S3EndpointUrl = "http://127.0.0.1:9", S3AccessKeyId = "k", S3SecretAccessKey = "s", S3Region = "us-west-2" };

        using var store = Assert.IsType<S3ArtifactStore>(ArtifactStoreFactory.Create("s3://bucket", options, null, NoEnvironment));

        Assert.Equal("s3://bucket", store.RootUri);
    }

    [Theory]
    [InlineData("gs://bucket/x")]
    [InlineData("wasbs://container@account.blob.core.windows.net/x")]
    [InlineData("http://example.com/artifacts")]
    [InlineData("file://remote-host/share")]
    public void Other_schemes_are_unsupported(string location)
    {
        var error = Assert.Throws<KilnException>(() => ArtifactStoreFactory.Create(location, null, null, NoEnvironment));

        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }
}
