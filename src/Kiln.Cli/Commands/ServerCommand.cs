using System.CommandLine;
using Kiln.Server.Hosting;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln server</c>: runs the Kiln server in the foreground until Ctrl+C or SIGTERM, draining in-flight requests.</summary>
internal static class ServerCommand
{
    public const string Name = "server";

    public static Command Create()
    {
        var host = new Option<string>("--host") { Description = "Interface to listen on (default 127.0.0.1; env KILN_HOST)" };
        var port = new Option<int?>("--port", "-p") { Description = "Port to listen on (default 5000; env KILN_PORT)" };
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the default SQLite database and artifacts (default ./kiln-data; env KILN_DATA_DIR)" };
        var backendStore = new Option<string>("--backend-store") { Description = "SQLite file path, or PostgreSQL connection string or URI (env KILN_BACKEND_STORE)" };
        var artifacts = new Option<string>("--artifacts") { Description = "Artifact folder, or s3://bucket/prefix (env KILN_ARTIFACTS)" };
        var retention = new Option<double?>("--retention-days") { Description = "Permanently delete runs and experiments deleted longer ago than this (env KILN_RETENTION_DAYS)" };
        var command = new Command(Name, "Run the Kiln server") { host, port, dataDir, backendStore, artifacts, retention };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var overrides = new Dictionary<string, string?>();
            void Set(string key, object? value)
            {
                if (value is not null)
                {
                    overrides[key] = Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                }
            }
            Set("Kiln:Host", parse.GetValue(host));
            Set("Kiln:Port", parse.GetValue(port));
            Set("Kiln:DataDir", parse.GetValue(dataDir));
            Set("Kiln:BackendStore", parse.GetValue(backendStore));
            Set("Kiln:Artifacts", parse.GetValue(artifacts));
            Set("Kiln:Retention:DeletedRetentionDays", parse.GetValue(retention));
            var app = await KilnServer.BuildAsync([], overrides, cancellationToken: cancellationToken);
            await app.RunAsync();
            return 0;
        });
        return command;
    }
}
