using System.Net;

namespace Kiln.Client.Transfers;

/// <summary>Retries idempotent transfer steps (a part, a whole small file) that failed for reasons worth another try.</summary>
internal static class TransientRetry
{
    private const int MaxAttempts = 4;

    public static async Task<T> RunAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(cancellationToken);
            }
            catch (Exception ex) when (number < MaxAttempts && IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(250 * (1 << number)), cancellationToken);
            }
        }
    }

    private static bool IsTransient(Exception exception) => exception switch
    {
        KilnApiException api => (int)api.StatusCode >= 500 || api.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.RequestTimeout,
        KilnConnectionException or HttpRequestException or IOException => true,
        _ => false,
    };
}
