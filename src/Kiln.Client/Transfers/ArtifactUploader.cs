using Kiln.Client.Http;

namespace Kiln.Client.Transfers;

/// <summary>Uploads a file or a folder's files under a run's artifact root: small files in one streamed PUT each, large ones in resumable parts.</summary>
internal sealed class ArtifactUploader(KilnHttp http, ArtifactUploadOptions options)
{
    public async Task<ArtifactUploadResult> UploadAsync(string runRoot, string artifactUri, string localPath, string? artifactPath, CancellationToken cancellationToken)
    {
        var files = Collect(localPath, ArtifactRoot.NormalizeRelative(artifactPath));
        var meter = new TransferMeter(files.Sum(f => f.Source.Length), files.Count, options.Progress);
        var multipart = new MultipartUploader(http, new UploadStateStore(options.StateDirectory), options);
        int multipartFiles = 0, uploaded = 0, resumed = 0;
        foreach (var (source, relative) in files)
        {
            meter.StartFile(relative);
            var target = ArtifactRoot.Combine(runRoot, relative);
            if (source.Length > 0 && source.Length >= options.MultipartThreshold)
            {
                var (sent, kept) = await multipart.UploadAsync(source, target, meter, cancellationToken);
                multipartFiles++;
                uploaded += sent;
                resumed += kept;
            }
            else
            {
                await PutAsync(source, target, meter, cancellationToken);
            }
            meter.FinishFile();
        }
        return new ArtifactUploadResult(artifactUri, files.Count, meter.Bytes, multipartFiles, uploaded, resumed);
    }

    /// <summary>The files to send with their paths relative to the run's artifact root, in a stable order.</summary>
    private static List<(FileInfo Source, string Relative)> Collect(string localPath, string artifactPath)
    {
        if (File.Exists(localPath))
        {
            var file = new FileInfo(localPath);
            return [(file, ArtifactRoot.Combine(artifactPath, file.Name))];
        }
        if (!Directory.Exists(localPath))
        {
            throw new FileNotFoundException($"No file or folder at '{localPath}'.", localPath);
        }
        var root = new DirectoryInfo(localPath);
        return [.. root.EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = FileAttributes.None })
            .Select(file => (file, ArtifactRoot.Combine(artifactPath, Path.GetRelativePath(root.FullName, file.FullName).Replace('\\', '/'))))
            .OrderBy(f => f.Item2, StringComparer.Ordinal)];
    }

    private Task PutAsync(FileInfo source, string target, TransferMeter meter, CancellationToken cancellationToken) =>
        TransientRetry.RunAsync(async token =>
        {
            long sent = 0;
            try
            {
                using var request = http.CreateRequest(HttpMethod.Put, ArtifactRoot.ProxyUrl(target));
                request.Content = new StreamContent(new FileSegmentStream(source.FullName, 0, source.Length, read =>
                {
                    sent += read;
                    meter.Add(read);
                }));
                request.Content.Headers.ContentLength = source.Length;
                request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
                using var response = await http.SendStreamingAsync(request, null, token);
                return true;
            }
            catch
            {
                meter.Add(-sent);
                throw;
            }
        }, cancellationToken);
}
