using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;

namespace Kiln.Benchmarks.Tracking;

/// <summary>The measured operations, each against one base address (Kiln, or the floor server for the baseline).</summary>
internal static class Scenarios
{
    public static HttpClient Client(Uri address) => new(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromMinutes(5),
    };

    /// <summary>Long enough for tiered JIT compilation to settle, so the figures are a warm server's.</summary>
    private const double WarmupSeconds = 5.0;

    /// <summary>Closed loop: each of <paramref name="clients"/> sends its next request as soon as the last is answered.</summary>
    public static async Task<Summary> ClosedLoopAsync(int clients, TimeSpan duration, Func<HttpClient, int, Task<bool>> operation, HttpClient client)
    {
        var recorder = new LatencyRecorder();
        var warmupEnd = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * WarmupSeconds);
        var stop = Stopwatch.GetTimestamp() + (long)(Stopwatch.Frequency * (WarmupSeconds + duration.TotalSeconds));
        var measuredFrom = 0L;
        await Task.WhenAll(Enumerable.Range(0, clients).Select(id => Task.Run(async () =>
        {
            var iteration = 0;
            while (Stopwatch.GetTimestamp() < stop)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await operation(client, (id * 1_000_000) + iteration++);
                if (started >= warmupEnd)
                {
                    Interlocked.CompareExchange(ref measuredFrom, started, 0);
                    if (ok)
                    {
                        recorder.Record(started);
                    }
                    else
                    {
                        recorder.Error();
                    }
                }
            }
        })));
        return recorder.Summarize(Stopwatch.GetElapsedTime(measuredFrom == 0 ? warmupEnd : measuredFrom));
    }

    public static async Task<Summary> RepeatAsync(int times, Func<Task<bool>> operation)
    {
        var recorder = new LatencyRecorder();
        await operation();
        var wall = Stopwatch.StartNew();
        for (var i = 0; i < times; i++)
        {
            var started = Stopwatch.GetTimestamp();
            if (await operation())
            {
                recorder.Record(started);
            }
            else
            {
                recorder.Error();
            }
        }
        return recorder.Summarize(wall.Elapsed);
    }

    public static async Task<bool> PostAsync(HttpClient client, string path, byte[] body)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(path, content);
        await response.Content.ReadAsByteArrayAsync();
        return response.IsSuccessStatusCode;
    }

    public static byte[] LogMetricBody(string runId, int i) => Encoding.UTF8.GetBytes(
        $$"""{"run_id":"{{runId}}","run_uuid":"{{runId}}","key":"loss","value":{{(i % 1000) / 1000.0}},"timestamp":{{1_700_000_000_000L + i}},"step":{{i}}}""");

    /// <summary>A 1000-metric log-batch as a training loop flushes it: 10 keys × 100 steps, one timestamp per step.</summary>
    public static byte[] LogBatchBody(string runId, int batch)
    {
        var builder = new StringBuilder(90_000);
        builder.Append("{\"run_id\":\"").Append(runId).Append("\",\"metrics\":[");
        for (var step = 0; step < 100; step++)
        {
            for (var key = 0; key < 10; key++)
            {
                if (step + key > 0)
                {
                    builder.Append(',');
                }
                var globalStep = ((long)batch * 100) + step;
                builder.Append("{\"key\":\"metric_").Append(key).Append("\",\"value\":").Append(((globalStep * 7) + key) % 1000 / 997.0)
                    .Append(",\"timestamp\":").Append(1_700_000_000_000L + globalStep).Append(",\"step\":").Append(globalStep).Append('}');
            }
        }
        return Encoding.UTF8.GetBytes(builder.Append("]}").ToString());
    }
}
