using System.Net;
using System.Security.Cryptography;
using Kiln.Cli.Tests.Support;
using Kiln.Client;
using Kiln.TestSupport;
using Xunit.Abstractions;

namespace Kiln.Cli.Tests.Durability;

/// <summary>SIGTERM to the real <c>kiln server</c> process: requests in flight finish with 200, then it exits 0.</summary>
[Collection(HeavyTests.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private const int Writers = 10;
    private const int SlowUploads = 3;

    [Theory]
    [InlineData(TestBackend.Sqlite)]
    [InlineData(TestBackend.Postgres)]
    public async Task Sigterm_lets_in_flight_requests_finish_then_exits_zero(TestBackend backend)
    {
        using var data = new TempDirectory("kiln-sigterm");
        var backendStore = backend == TestBackend.Postgres ? await TestPostgres.CreateSchemaAsync() : null;
        var acknowledged = new AcknowledgedWrites();
        var bodies = Enumerable.Range(0, SlowUploads).Select(_ => RandomNumberGenerator.GetBytes(3 * 1024 * 1024)).ToArray();
        string runId;
        await using (var server = await KilnServerProcess.StartAsync(data.Path, backendStore))
        {
            using var setup = new KilnClient(server.BaseAddress);
            var run = await setup.Runs.CreateAsync();
            runId = run.Info.RunId;
            var root = run.Info.ArtifactUri!["mlflow-artifacts:/".Length..];

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, Writers).Select(async i =>
            {
                var writerRun = (await setup.Runs.CreateAsync()).Info.RunId;
                await MetricWriter.RunAsync(server.BaseAddress, writerRun, i, acknowledged, stop.Token);
            }).ToArray();

            // Uploads that take about three seconds each: certainly in flight when the signal arrives.
            using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
            var contents = bodies.Select(body => new SlowContent(body, 128 * 1024, TimeSpan.FromMilliseconds(120))).ToArray();
            var uploads = contents.Select((content, i) => http.PutAsync($"api/2.0/mlflow-artifacts/artifacts/{root}/slow-{i}.bin", content)).ToArray();
            await Task.WhenAll(contents.Select(c => c.Started.Task)).WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromMilliseconds(500));

            server.Terminate();

            foreach (var upload in uploads)
            {
                using var response = await upload;
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            }
            Assert.Equal(0, await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));
            await Task.WhenAll(writers).WaitAsync(TimeSpan.FromSeconds(60));
        }

        Assert.Empty(acknowledged.Rejections);
        Assert.True(acknowledged.Requests > 0);

        await using var restarted = await KilnServerProcess.StartAsync(data.Path, backendStore);
        using var client = new KilnClient(restarted.BaseAddress);
        var verified = await acknowledged.VerifyAsync(client);
        using var destination = new TempDirectory();
        await client.Artifacts.DownloadAsync(runId, null, destination.Path);
        for (var i = 0; i < SlowUploads; i++)
        {
            Assert.Equal(bodies[i], File.ReadAllBytes(destination.Combine($"slow-{i}.bin")));
        }
        output.WriteLine($"{backend}: {SlowUploads} slow uploads in flight at SIGTERM completed with 200; exit code 0; "
            + $"{acknowledged.Requests} acknowledged metric writes ({verified} points) present after restart.");
    }
}
