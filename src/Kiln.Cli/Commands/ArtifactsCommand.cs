using System.CommandLine;
using Kiln.Cli.Output;
using Kiln.Cli.Views;
using Kiln.Client;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln artifacts list|upload|download</c>: through the server's artifact proxy, with progress and resume.</summary>
internal static class ArtifactsCommand
{
    /// <summary>Where interrupted multipart uploads are remembered (default: a folder under the temp folder).</summary>
    public const string UploadStateVariable = "KILN_UPLOAD_STATE_DIR";

    private static readonly CliJsonContext Json = CliJsonContext.Default;

    public static Command Create(CliHost host) => new("artifacts", "List, upload and download a run's artifacts")
    {
        List(host), Upload(host), Download(host),
    };

    private static Command List(CliHost host)
    {
        var runId = RunId();
        var path = new Argument<string?>("path") { Description = "Folder within the run's artifacts (default: the root)", Arity = ArgumentArity.ZeroOrOne };
        var recursive = new Option<bool>("--recursive", "-r") { Description = "List every file below the folder" };
        var command = new Command("list", "List a run's artifacts") { runId, path, recursive };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var artifacts = context.Client.Artifacts;
            var listing = context.Value(recursive)
                ? new ArtifactListing { Files = await artifacts.ListFilesAsync(context.Required(runId), context.Value(path), cancellationToken) }
                : await artifacts.ListAsync(context.Required(runId), context.Value(path), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(listing, Json.ArtifactListing);
            }
            else
            {
                context.Output.Write(ArtifactViews.Table(listing));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Upload(CliHost host)
    {
        var runId = RunId();
        var source = new Argument<string>("source") { Description = "Local file or folder" };
        var artifactPath = new Option<string?>("--artifact-path") { Description = "Folder within the run's artifacts to upload into" };
        var threshold = new Option<long>("--multipart-threshold")
        {
            Description = "Files this large go up in resumable parts (default 64MiB)",
            CustomParser = ByteSize.Parse,
            DefaultValueFactory = _ => ArtifactUploadOptions.DefaultMultipartThreshold,
        };
        var partSize = new Option<long>("--part-size")
        {
            Description = "Size of each part (default 16MiB; S3-backed servers need at least 5MiB)",
            CustomParser = ByteSize.Parse,
            DefaultValueFactory = _ => ArtifactUploadOptions.DefaultPartSize,
        };
        var command = new Command("upload", "Upload a file or folder to a run's artifacts; interrupted large uploads resume when run again")
        {
            runId, source, artifactPath, threshold, partSize,
        };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var local = context.Required(source);
            if (!File.Exists(local) && !Directory.Exists(local))
            {
                throw new CliException($"No file or folder at '{local}'.");
            }
            var result = await TransferDisplay.RunAsync(context.Output, "Uploading", progress =>
                context.Client.Artifacts.UploadAsync(context.Required(runId), local, context.Value(artifactPath), new ArtifactUploadOptions
                {
                    MultipartThreshold = context.Value(threshold),
                    PartSize = context.Value(partSize),
                    StateDirectory = context.Environment.GetVariable(UploadStateVariable),
                    Progress = progress,
                }, cancellationToken));
            if (context.Output.Json)
            {
                context.Output.WriteJson(result, Json.ArtifactUploadResult);
            }
            else
            {
                var resumed = result.PartsResumed > 0 ? $", resuming {result.PartsResumed} parts already stored" : string.Empty;
                context.Output.Line($"Uploaded {result.Files} file(s), {Format.Bytes(result.Bytes)}, to {result.ArtifactUri}{resumed}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Download(CliHost host)
    {
        var runId = RunId();
        var path = new Argument<string?>("path") { Description = "File or folder within the run's artifacts (default: all of them)", Arity = ArgumentArity.ZeroOrOne };
        var destination = new Option<string>("--dest", "-d") { Description = "Local folder to download into (default: the current folder)", DefaultValueFactory = _ => "." };
        var command = new Command("download", "Download a run's artifacts; partial files resume when run again") { runId, path, destination };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var result = await TransferDisplay.RunAsync(context.Output, "Downloading", progress =>
                context.Client.Artifacts.DownloadAsync(context.Required(runId), context.Value(path), context.Value(destination)!,
                    new ArtifactDownloadOptions { Progress = progress }, cancellationToken));
            if (context.Output.Json)
            {
                context.Output.WriteJson(result, Json.ArtifactDownloadResult);
            }
            else
            {
                var notes = new List<string>();
                if (result.FilesSkipped > 0)
                {
                    notes.Add($"{result.FilesSkipped} already complete");
                }
                if (result.FilesResumed > 0)
                {
                    notes.Add($"{result.FilesResumed} resumed");
                }
                var suffix = notes.Count > 0 ? $" ({string.Join(", ", notes)})" : string.Empty;
                context.Output.Line($"Downloaded {result.Files} file(s), {Format.Bytes(result.Bytes)}, to {result.Destination}{suffix}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> RunId() => new("run-id") { Description = "The run's id" };
}
