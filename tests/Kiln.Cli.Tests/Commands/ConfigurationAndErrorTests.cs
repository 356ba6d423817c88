using System.Collections.Concurrent;
using System.Text;
using Kiln.Cli.Commands;
using Kiln.Cli.Tests.Support;

namespace Kiln.Cli.Tests.Commands;

public sealed class ConfigurationAndErrorTests : CliTestBase
{
    [Fact]
    public async Task Server_down_gives_a_clear_message_naming_the_uri()
    {
        var port = FreePort.Next();
        var result = await Cli.RunAsync("runs", "show", "abc", "--tracking-uri", $"http://127.0.0.1:{port}");
        Assert.Equal(3, result.ExitCode);
        Assert.StartsWith($"Error: Could not reach the Kiln server at http://127.0.0.1:{port}/ (Connection refused).", result.Error, StringComparison.Ordinal);
        Assert.Contains("--tracking-uri", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Tracking_uri_is_the_option_else_KILN_TRACKING_URI_else_MLFLOW_TRACKING_URI()
    {
        var dead = $"http://127.0.0.1:{FreePort.Next()}";
        var live = Server.BaseAddress.AbsoluteUri;

        Cli.Variables["KILN_TRACKING_URI"] = null;
        Cli.Variables["MLFLOW_TRACKING_URI"] = live;
        (await Cli.RunAsync("experiments", "list")).EnsureSuccess();

        Cli.Variables["KILN_TRACKING_URI"] = dead;
        Assert.Equal(3, (await Cli.RunAsync("experiments", "list")).ExitCode);
        (await Cli.RunAsync("experiments", "list", "--tracking-uri", live)).EnsureSuccess();
        (await Cli.RunAsync("--tracking-uri", live, "experiments", "list")).EnsureSuccess();

        Assert.Equal("http://127.0.0.1:5000", TrackingUri.Resolve(null, _ => null));
        Assert.Equal("http://mlflow:5000", TrackingUri.Resolve(" ", name => name == "MLFLOW_TRACKING_URI" ? "http://mlflow:5000" : null));
    }

    [Fact]
    public async Task A_tracking_uri_that_is_not_http_is_refused()
    {
        var result = await Cli.RunAsync("experiments", "list", "--tracking-uri", "file:///tmp/mlruns");
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("Error: The tracking URI 'file:///tmp/mlruns' is not the http(s) address of a Kiln server.", result.Error.Trim());
    }

    [Fact]
    public async Task Credentials_from_mlflows_environment_variables_are_sent()
    {
        var requests = new ConcurrentQueue<RecordedRequest>();
        Cli.Handler = () => new RecordingHandler(requests);
        Cli.Variables["MLFLOW_TRACKING_USERNAME"] = "ada";
        Cli.Variables["MLFLOW_TRACKING_PASSWORD"] = "s3cret";
        (await Cli.RunAsync("experiments", "list")).EnsureSuccess();
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ada:s3cret")), requests.Last().Authorization);

        Cli.Variables.Remove("MLFLOW_TRACKING_PASSWORD");
        Cli.Variables["MLFLOW_TRACKING_TOKEN"] = "tok-123";
        (await Cli.RunAsync("experiments", "list")).EnsureSuccess();
        Assert.Equal("Bearer tok-123", requests.Last().Authorization);
    }

    [Fact]
    public async Task Usage_mistakes_exit_non_zero_with_the_parsers_message()
    {
        var result = await Cli.RunAsync("runs", "list");
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("--experiment", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1048576", 1048576)]
    [InlineData("512K", 512 * 1024)]
    [InlineData("64MiB", 64L * 1024 * 1024)]
    [InlineData("16mb", 16L * 1024 * 1024)]
    [InlineData("1.5G", 3L * 512 * 1024 * 1024)]
    public void Sizes_parse_in_binary_units(string text, long expected)
    {
        Assert.True(ByteSize.TryParse(text, out var bytes));
        Assert.Equal(expected, bytes);
    }

    [Theory]
    [InlineData("")]
    [InlineData("MiB")]
    [InlineData("12 parsecs")]
    public void Nonsense_sizes_do_not_parse(string text) => Assert.False(ByteSize.TryParse(text, out _));
}
