using System.Collections.Concurrent;
using Kiln.Client;

namespace Kiln.Cli.Tests.Durability;

internal sealed record LoggedPoint(string RunId, string Key, long Step, double Value);

/// <summary>
/// Every metric point the server acknowledged with 200, from any number of writers, and what went wrong otherwise:
/// answers other than 200 (rejections, which a healthy server never gives here) and requests lost with the connection.
/// </summary>
internal sealed class AcknowledgedWrites
{
    private readonly ConcurrentQueue<LoggedPoint> _points = new();
    private readonly ConcurrentQueue<KilnApiException> _rejections = new();
    private int _requests;
    private int _lost;
    private int _cutOff;

    public int Count => _points.Count;

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Requests that got no answer because the connection failed (in flight at a kill, or refused after it).</summary>
    public int Lost => Volatile.Read(ref _lost);

    /// <summary>Of the lost requests, those already sent when the connection died (rather than refused).</summary>
    public int CutOff => Volatile.Read(ref _cutOff);

    public IReadOnlyCollection<KilnApiException> Rejections => _rejections;

    public void Acknowledged(IEnumerable<LoggedPoint> points)
    {
        foreach (var point in points)
        {
            _points.Enqueue(point);
        }
        Interlocked.Increment(ref _requests);
    }

    public void Rejected(KilnApiException exception) => _rejections.Enqueue(exception);

    public void ConnectionLost(bool wasInFlight)
    {
        Interlocked.Increment(ref _lost);
        if (wasInFlight)
        {
            Interlocked.Increment(ref _cutOff);
        }
    }

    /// <summary>Checks that every acknowledged point is in its metric's history with its value; returns how many were checked.</summary>
    public async Task<int> VerifyAsync(KilnClient client)
    {
        var verified = 0;
        foreach (var group in _points.GroupBy(p => (p.RunId, p.Key)))
        {
            var history = new Dictionary<long, double>();
            await foreach (var metric in client.Runs.GetAllMetricHistoryAsync(group.Key.RunId, group.Key.Key))
            {
                history[metric.Step] = metric.Value;
            }
            foreach (var point in group)
            {
                Assert.True(history.TryGetValue(point.Step, out var value), $"Acknowledged point {point} is missing after the restart.");
                Assert.Equal(point.Value, value);
                verified++;
            }
        }
        return verified;
    }
}
