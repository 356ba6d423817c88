using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Kiln.Cli.Tests.Support;

/// <summary>
/// The real <c>kiln server</c> as a child process (<c>dotnet kiln.dll server ...</c>, the kiln.dll built into this
/// test's output), on a free loopback port, with a data folder and optionally a PostgreSQL backend store.
/// </summary>
internal sealed class KilnServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private KilnServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the server printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static async Task<KilnServerProcess> StartAsync(string dataDirectory, string? backendStore = null)
    {
        var kiln = Path.Combine(AppContext.BaseDirectory, "kiln.dll");
        var port = FreePort.Next();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { kiln, "server", "--host", "127.0.0.1", "--port", port.ToString(CultureInfo.InvariantCulture), "--data-dir", dataDirectory })
        {
            info.ArgumentList.Add(argument);
        }
        if (backendStore is not null)
        {
            info.ArgumentList.Add("--backend-store");
            info.ArgumentList.Add(backendStore);
        }
        foreach (var name in new[] { "KILN_HOST", "KILN_PORT", "KILN_DATA_DIR", "KILN_BACKEND_STORE", "KILN_ARTIFACTS", "KILN_RETENTION_DAYS" })
        {
            info.Environment.Remove(name);
        }
        // Request logging at Information would slow the server down under load and flood the pipe.
        info.Environment["Logging__LogLevel__Default"] = "Warning";
        var server = new KilnServerProcess(Process.Start(info)!, new Uri($"http://127.0.0.1:{port}/"));
        await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(60));
        return server;
    }

    /// <summary>SIGKILL: the process dies at once, mid-request, with nothing flushed.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGTERM: a graceful stop that lets in-flight requests finish.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cancellation.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"kiln server exited with {_process.ExitCode} before it was healthy:\n{Output}");
            }
            try
            {
                if ((await http.GetStringAsync("health")).Trim() == "OK")
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"kiln server did not become healthy within {timeout}:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }
}
