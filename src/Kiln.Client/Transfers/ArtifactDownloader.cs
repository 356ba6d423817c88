using System.Net;
using System.Net.Http.Headers;

namespace Kiln.Client.Transfers;

/// <summary>
/// Downloads a run's artifact file or folder into a local folder. Each file is written to <c>name.partial</c> and
/// renamed when complete; a partial file left by an interrupted download is continued with an HTTP range
/// request, and files already complete locally are skipped.
/// </summary>
internal sealed class ArtifactDownloader(Http.KilnHttp http, ArtifactDownloadOptions options)
{
    public const string PartialSuffix = ".partial";

    public async Task<ArtifactDownloadResult> DownloadAsync(string runRoot, IReadOnlyList<ArtifactEntry> files, string basePath, string destination, CancellationToken cancellationToken)
    {
        var root = Path.GetFullPath(destination);
        Directory.CreateDirectory(root);
        var meter = new TransferMeter(files.Sum(f => f.FileSize ?? 0), files.Count, options.Progress);
        int skipped = 0, resumed = 0;
        foreach (var file in files)
        {
            var relative = basePath.Length == 0 ? file.Path : file.Path[(basePath.Length + 1)..];
            var local = LocalPath(root, relative);
            meter.StartFile(file.Path);
            switch (await DownloadFileAsync(ArtifactRoot.Combine(runRoot, file.Path), local, file.FileSize, meter, cancellationToken))
            {
                case FileOutcome.Skipped:
                    skipped++;
                    break;
                case FileOutcome.Resumed:
                    resumed++;
                    break;
            }
            meter.FinishFile();
        }
        return new ArtifactDownloadResult(root, files.Count, meter.Bytes, skipped, resumed);
    }

    private async Task<FileOutcome> DownloadFileAsync(string storePath, string local, long? size, TransferMeter meter, CancellationToken cancellationToken)
    {
        if (size is { } expected && File.Exists(local) && new FileInfo(local).Length == expected)
        {
            meter.Add(expected);
            return FileOutcome.Skipped;
        }
        var partial = local + PartialSuffix;
        var offset = File.Exists(partial) ? new FileInfo(partial).Length : 0;
        if (size is { } total && offset > total)
        {
            offset = 0;
        }
        using var request = http.CreateRequest(HttpMethod.Get, ArtifactRoot.ProxyUrl(storePath));
        if (offset > 0)
        {
            request.Headers.Range = new RangeHeaderValue(offset, null);
        }
        using var response = await http.SendStreamingAsync(request, status => status == HttpStatusCode.RequestedRangeNotSatisfiable, cancellationToken);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
        {
            // The partial file already holds every byte when its length is the file's size; else start over.
            if (response.Content.Headers.ContentRange?.Length == offset)
            {
                File.Move(partial, local, overwrite: true);
                meter.Add(offset);
                return FileOutcome.Resumed;
            }
            File.Delete(partial);
            return await DownloadFileAsync(storePath, local, size, meter, cancellationToken);
        }
        var resuming = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == offset;
        if (!resuming)
        {
            offset = 0;
        }
        meter.Add(offset);
        Directory.CreateDirectory(Path.GetDirectoryName(local)!);
        await using (var output = new FileStream(partial, resuming ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using var input = await response.Content.ReadAsStreamAsync(cancellationToken);
            await CopyAsync(input, output, meter, cancellationToken);
        }
        var length = new FileInfo(partial).Length;
        var announced = resuming ? response.Content.Headers.ContentRange?.Length : response.Content.Headers.ContentLength;
        if ((size ?? announced) is { } whole && length != whole)
        {
            throw new IOException($"The download of '{storePath}' ended after {length} of {whole} bytes; run it again to resume.");
        }
        File.Move(partial, local, overwrite: true);
        return resuming ? FileOutcome.Resumed : FileOutcome.Downloaded;
    }

    private static async Task CopyAsync(Stream input, Stream output, TransferMeter meter, CancellationToken cancellationToken)
    {
        var buffer = new byte[1 << 17];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await output.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            meter.Add(read);
        }
    }

    /// <summary>Where an artifact lands, refusing any path that would leave the destination folder.</summary>
    private static string LocalPath(string root, string relative)
    {
        var full = Path.GetFullPath(Path.Combine(root, relative.Replace('/', Path.DirectorySeparatorChar)));
        if (!full.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The artifact path '{relative}' points outside '{root}'.");
        }
        return full;
    }

    private enum FileOutcome
    {
        Downloaded,
        Skipped,
        Resumed,
    }
}
