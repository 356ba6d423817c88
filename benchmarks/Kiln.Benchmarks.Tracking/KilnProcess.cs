using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Kiln.Benchmarks.Tracking;

/// <summary>The real kiln server as a child process (the Release build the ./kiln script makes).</summary>
internal sealed class KilnProcess : IAsyncDisposable
{
    private readonly Process _process;

    private KilnProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public long PeakRssBytes()
    {
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        var line = status.First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    public static async Task<KilnProcess> StartAsync(string binary, string dataDir, string? backendStore)
    {
        var port = FreePort();
        var info = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["server", "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--data-dir", dataDir])
        {
            info.ArgumentList.Add(argument);
        }
        if (backendStore is not null)
        {
            info.ArgumentList.Add("--backend-store");
            info.ArgumentList.Add(backendStore);
        }
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start " + binary);
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine("[kiln] " + e.Data);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}/");
        using var client = new HttpClient { BaseAddress = address };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await client.GetAsync("health")).IsSuccessStatusCode)
                {
                    return new KilnProcess(process, address);
                }
            }
            catch (HttpRequestException)
            {
            }
            await Task.Delay(100);
        }
        process.Kill();
        throw new InvalidOperationException("kiln did not become healthy");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
