using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Kiln.TestSupport;

/// <summary>
/// A real PostgreSQL server for tests: the one named by <c>KILN_TEST_POSTGRES</c> (a connection string), or else a
/// private cluster this class creates with the machine's PostgreSQL binaries under the system temp folder and
/// shares between test processes. Each test gets its own schema, so tests never see each other's rows.
/// </summary>
public static class TestPostgres
{
    public const string EnvironmentVariable = "KILN_TEST_POSTGRES";

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static string? _serverConnectionString;

    /// <summary>A connection string whose search path is a fresh, empty schema.</summary>
    public static async Task<string> CreateSchemaAsync(CancellationToken cancellationToken = default)
    {
        var server = await GetServerAsync(cancellationToken);
        var schema = "t_" + Guid.NewGuid().ToString("N")[..16];
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        return new NpgsqlConnectionStringBuilder(server) { SearchPath = schema }.ConnectionString;
    }

    public static async Task<string> GetServerAsync(CancellationToken cancellationToken = default)
    {
        if (_serverConnectionString is not null)
        {
            return _serverConnectionString;
        }
        await Gate.WaitAsync(cancellationToken);
        try
        {
            _serverConnectionString ??= Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured
                ? configured
                : await PrivateCluster.EnsureRunningAsync(cancellationToken);
            return _serverConnectionString;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A cluster in /tmp shared by every test process of this user; started once, reused after.</summary>
    private static class PrivateCluster
    {
        private static readonly string Root = Path.Combine(Path.GetTempPath(), "kiln-test-postgres");
        private static readonly string DataDirectory = Path.Combine(Root, "data");
        private static readonly string PortFile = Path.Combine(Root, "port");

        public static async Task<string> EnsureRunningAsync(CancellationToken cancellationToken)
        {
            Directory.CreateDirectory(Root);
            await using var lockFile = await AcquireLockAsync(cancellationToken);
            if (File.Exists(PortFile) && int.TryParse(File.ReadAllText(PortFile), NumberStyles.Integer, CultureInfo.InvariantCulture, out var existingPort)
                && await CanConnectAsync(existingPort, cancellationToken))
            {
                return ConnectionString(existingPort);
            }
            var bin = FindBinaries();
            var asRoot = Environment.UserName == "root";
            if (!File.Exists(Path.Combine(DataDirectory, "PG_VERSION")))
            {
                if (Directory.Exists(DataDirectory))
                {
                    Directory.Delete(DataDirectory, recursive: true);
                }
                Directory.CreateDirectory(DataDirectory);
                if (asRoot)
                {
                    Run("chown", $"-R postgres:postgres {Root}", asRoot: false);
                }
                Run(Path.Combine(bin, "initdb"), $"-D {DataDirectory} -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync", asRoot);
            }
            var port = FreePort();
            var options = $"-p {port} -k {Root} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=300 -c shared_buffers=128MB";
            Run(Path.Combine(bin, "pg_ctl"), $"-D {DataDirectory} -l {Path.Combine(Root, "log")} -w -t 60 -o \"{options}\" start", asRoot);
            File.WriteAllText(PortFile, port.ToString(CultureInfo.InvariantCulture));
            if (!await CanConnectAsync(port, cancellationToken))
            {
                throw new InvalidOperationException($"The test PostgreSQL cluster in {DataDirectory} did not accept connections; see {Path.Combine(Root, "log")}.");
            }
            return ConnectionString(port);
        }

        private static string ConnectionString(int port) =>
            $"Host=127.0.0.1;Port={port.ToString(CultureInfo.InvariantCulture)};Username=postgres;Database=postgres;Pooling=true;Maximum Pool Size=50;Timeout=30;Command Timeout=120";

        private static async Task<bool> CanConnectAsync(int port, CancellationToken cancellationToken)
        {
            try
            {
                await using var connection = new NpgsqlConnection(ConnectionString(port) + ";Pooling=false");
                await connection.OpenAsync(cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is NpgsqlException or SocketException or TimeoutException)
            {
                return false;
            }
        }

        private static string FindBinaries()
        {
            foreach (var candidate in new[] { "/usr/lib/postgresql" })
            {
                if (Directory.Exists(candidate))
                {
                    var newest = Directory.GetDirectories(candidate).Select(d => Path.Combine(d, "bin"))
                        .Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderDescending().FirstOrDefault();
                    if (newest is not null)
                    {
                        return newest;
                    }
                }
            }
            throw new InvalidOperationException(
                "PostgreSQL binaries were not found. Install them (scripts/install-test-deps.sh, or apt-get install postgresql) or set KILN_TEST_POSTGRES to a connection string.");
        }

        private static void Run(string file, string arguments, bool asRoot)
        {
            var info = asRoot
                ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
                : new ProcessStartInfo(file, arguments);
            info.RedirectStandardOutput = true;
            info.RedirectStandardError = true;
            info.UseShellExecute = false;
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {output.Result}{error.Result}");
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        private static async Task<FileStream> AcquireLockAsync(CancellationToken cancellationToken)
        {
            var path = Path.Combine(Root, "lock");
            while (true)
            {
                try
                {
                    return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                }
                catch (IOException)
                {
                    await Task.Delay(100, cancellationToken);
                }
            }
        }
    }
}
