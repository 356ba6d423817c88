using System.Net;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Observability;

public sealed class ServerApiTests : ServerTestBase
{
    protected override TestBackend Backend => TestBackend.Sqlite;

    [Fact]
    public async Task Health_and_version_answer_as_mlflow_does()
    {
        Assert.Equal("OK", await Server.Client.GetStringAsync("health"));
        Assert.Matches(@"^\d+\.\d+\.\d+", await Server.Client.GetStringAsync("version"));
    }

    [Fact]
    public async Task Metrics_expose_request_counts_latency_histograms_and_store_latency_in_prometheus_text()
    {
        (await Mlflow.GetAsync("experiments/get", ("experiment_id", "0"))).EnsureOk();
        await Mlflow.GetAsync("experiments/get", ("experiment_id", "12345"));
        using var response = await Server.Client.GetAsync("metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.MediaType, StringComparison.Ordinal);
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE kiln_http_requests_total counter", text, StringComparison.Ordinal);
        Assert.Contains("kiln_http_requests_total{method=\"GET\",route=\"/api/2.0/mlflow/experiments/get\",status=\"200\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("kiln_http_requests_total{method=\"GET\",route=\"/api/2.0/mlflow/experiments/get\",status=\"404\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE kiln_http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("kiln_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/2.0/mlflow/experiments/get\",le=\"+Inf\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("kiln_store_operation_duration_seconds_count{backend=\"sqlite\",operation=\"GetExperimentAsync\",kind=\"read\"} 2", text, StringComparison.Ordinal);
    }
}
