using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.S3;
using Kiln.Storage.Artifacts;
using Xunit;

namespace Kiln.TestSupport;

/// <summary>
/// A real S3-compatible server for the tests: OpenStack Swift with its s3api middleware, from Debian's
/// python3-swift, run by tools/s3/swift_s3_server.py on 127.0.0.1 with a port it picks itself and data
/// in a fresh temp folder. Missing software fails the tests, naming the script that installs it.
/// </summary>
public sealed class SwiftS3Server : IAsyncLifetime
{
    public const string Bucket = "kiln-test";
    private const string AccessKey = "kiln:tester";
    private const string SecretKey = "kiln-test-secret";
    private const string Region = "us-east-1";
    private const string InstallHint = "Run scripts/install-test-deps.sh (it installs Debian's python3-swift, the S3 test server).";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly StringBuilder _errors = new();
    private TempDirectory? _data;
    private Process? _process;

    public string EndpointUrl { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var python = Environment.GetEnvironmentVariable("KILN_TEST_PYTHON") ?? "/usr/bin/python3";
        var script = Path.Combine(Fixtures.RepositoryRoot, "tools", "s3", "swift_s3_server.py");
        if (!File.Exists(python))
        {
            throw new InvalidOperationException($"The S3 test server needs Debian's Python at {python}. {InstallHint}");
        }
        _data = new TempDirectory("kiln-s3-");
        var start = new ProcessStartInfo(python)
        {
            ArgumentList = { script, "--root", _data.Path, "--host", "127.0.0.1", "--port", "0", "--access-key", AccessKey, "--secret-key", SecretKey, "--region", Region },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}");
        _process.ErrorDataReceived += (_, line) => RecordError(line.Data);
        _process.BeginErrorReadLine();

        var ready = await ReadReadyLineAsync(_process);
        var port = JsonDocument.Parse(ready).RootElement.GetProperty("port").GetInt32();
        EndpointUrl = $"http://127.0.0.1:{port}";
        using var client = CreateClient();
        await client.PutBucketAsync(Bucket);
    }

    /// <summary>Options for a store rooted at <paramref name="prefix"/> in the test bucket.</summary>
    public S3ArtifactStoreOptions OptionsFor(string prefix) => new()
    {
        Bucket = Bucket,
        Prefix = prefix,
        EndpointUrl = EndpointUrl,
        Region = Region,
        AccessKeyId = AccessKey,
        SecretAccessKey = SecretKey,
    };

    /// <summary>Kiln server settings that put its artifacts at <paramref name="prefix"/> in the test bucket.</summary>
    public IReadOnlyDictionary<string, string?> ServerSettings(string prefix) => new Dictionary<string, string?>
    {
        ["Kiln:Artifacts"] = $"s3://{Bucket}/{prefix}",
        ["Kiln:ArtifactStore:S3EndpointUrl"] = EndpointUrl,
        ["Kiln:ArtifactStore:S3Region"] = Region,
        ["Kiln:ArtifactStore:S3AccessKeyId"] = AccessKey,
        ["Kiln:ArtifactStore:S3SecretAccessKey"] = SecretKey,
    };

    /// <summary>A plain SDK client, for checking what the store left in the bucket.</summary>
    public AmazonS3Client CreateClient() =>
        new(new BasicAWSCredentials(AccessKey, SecretKey), new AmazonS3Config
        {
            ServiceURL = EndpointUrl,
            AuthenticationRegion = Region,
            ForcePathStyle = true,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        });

    public async Task DisposeAsync()
    {
        if (_process is not null)
        {
            // The server exits when its standard input closes.
            _process.StandardInput.Close();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
            _process.Dispose();
        }
        _data?.Dispose();
    }

    private async Task<string> ReadReadyLineAsync(Process process)
    {
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The S3 test server did not start within {StartTimeout.TotalSeconds} s.\n{Errors()}");
        }
        if (line is null)
        {
            await process.WaitForExitAsync();
            var errors = Errors();
            var hint = errors.Contains("ModuleNotFoundError", StringComparison.Ordinal) || errors.Contains("ImportError", StringComparison.Ordinal)
                ? "OpenStack Swift is not installed. " + InstallHint
                : InstallHint;
            throw new InvalidOperationException($"The S3 test server exited with code {process.ExitCode} before it was ready. {hint}\n{errors}");
        }
        return line;
    }

    private void RecordError(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_errors)
        {
            if (_errors.Length < 64 * 1024)
            {
                _errors.AppendLine(line);
            }
        }
    }

    private string Errors()
    {
        lock (_errors)
        {
            return _errors.ToString();
        }
    }
}
