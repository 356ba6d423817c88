using Kiln.Core;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// Artifacts in a local folder. Every write lands in a temporary file under <c>.kiln-tmp/</c>, is
/// flushed to disk and renamed into place, so readers never see a partial file. Multipart uploads
/// keep their parts under <c>.kiln-uploads/</c>. Both folders are hidden from listings and cannot be
/// addressed through artifact paths.
/// </summary>
public sealed partial class LocalArtifactStore : IArtifactStore
{
    internal const string TempFolderName = ".kiln-tmp";
    internal const string UploadsFolderName = ".kiln-uploads";

    private static readonly EnumerationOptions DirectChildren = new()
    {
        AttributesToSkip = FileAttributes.None,
        IgnoreInaccessible = true,
        RecurseSubdirectories = false,
        ReturnSpecialDirectories = false,
    };

    private readonly string _root;
    private readonly AtomicFileWriter _writer;
    private readonly LocalMultipartUploads _uploads;
    private readonly TimeProvider _clock;
    private readonly ILogger _logger;

    public LocalArtifactStore(string rootDirectory, ILogger? logger = null, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        _logger = logger ?? NullLogger.Instance;
        _clock = clock ?? TimeProvider.System;
        _writer = new AtomicFileWriter(Directory.CreateDirectory(Path.Combine(_root, TempFolderName)).FullName, _logger);
        _uploads = new LocalMultipartUploads(Directory.CreateDirectory(Path.Combine(_root, UploadsFolderName)).FullName, _writer);
        RootUri = new Uri(_root).AbsoluteUri;
    }

    /// <summary>The absolute folder this store keeps its files in.</summary>
    public string RootDirectory => _root;

    public string RootUri { get; }

    public Task<ArtifactFile?> GetFileAsync(string path, CancellationToken cancellationToken)
    {
        var (normalized, fullPath) = Resolve(path);
        var info = new FileInfo(fullPath);
        ArtifactFile? file = normalized.Length > 0 && info.Exists
            ? new ArtifactFile(normalized, info.Length, new DateTimeOffset(info.LastWriteTimeUtc))
            : null;
        return Task.FromResult(file);
    }

    public Task<Stream> OpenReadAsync(string path, long offset, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var (normalized, fullPath) = Resolve(path);
        if (normalized.Length == 0 || Directory.Exists(fullPath))
        {
            throw ArtifactNotFound(normalized);
        }
        FileStream stream;
        try
        {
            stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, bufferSize: 0,
                FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception exception) when (exception is FileNotFoundException or DirectoryNotFoundException)
        {
            throw ArtifactNotFound(normalized);
        }
        if (offset > 0)
        {
            stream.Seek(offset, SeekOrigin.Begin);
        }
        return Task.FromResult<Stream>(stream);
    }

    public async Task WriteAsync(string path, Stream content, long? length, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ContentLength.EnsureValid(length);
        var (normalized, fullPath) = ResolveFile(path);
        await _writer.WriteAsync(fullPath, length, async (file, token) =>
        {
            var written = await PooledStreamCopy.CopyAsync(content, file, hash: null, token);
            ContentLength.EnsureMatches(normalized, length, written);
            return written;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<ArtifactEntry>> ListAsync(string directory, CancellationToken cancellationToken)
    {
        var (normalized, fullPath) = Resolve(directory);
        var entries = Directory.Exists(fullPath)
            ? ListChildren(normalized, fullPath).OrderBy(entry => entry.Path, StringComparer.Ordinal).ToList()
            : [];
        return Task.FromResult<IReadOnlyList<ArtifactEntry>>(entries);
    }

    /// <summary>Files come in ordinal order of their full paths, as S3 lists keys.</summary>
    public IAsyncEnumerable<ArtifactEntry> ListRecursiveAsync(string directory, CancellationToken cancellationToken)
    {
        var (normalized, fullPath) = Resolve(directory);
        if (!Directory.Exists(fullPath))
        {
            return AsyncEnumerable.Empty<ArtifactEntry>();
        }
        return WalkFiles(normalized, fullPath)
            .Select(file =>
            {
                cancellationToken.ThrowIfCancellationRequested();
                return file;
            })
            .ToAsyncEnumerable();
    }

    public Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        var (normalized, fullPath) = Resolve(path);
        if (normalized.Length == 0)
        {
            foreach (var child in ListChildren(normalized, fullPath))
            {
                DeleteEntry(Path.Combine(_root, child.Path));
            }
        }
        else
        {
            DeleteEntry(fullPath);
        }
        return Task.CompletedTask;
    }

    /// <summary>
    /// Removes multipart uploads with no activity for <paramref name="maxAge"/>, and temporary files
    /// that old (left by a crash mid-write). Returns how many uploads were removed.
    /// </summary>
    public int RemoveStaleUploads(TimeSpan maxAge)
    {
        var cutoff = _clock.GetUtcNow().UtcDateTime - maxAge;
        var uploads = _uploads.RemoveInactiveSince(cutoff);
        var tempFiles = 0;
        foreach (var file in new DirectoryInfo(_writer.TempDirectory).EnumerateFiles("*", DirectChildren))
        {
            if (file.LastWriteTimeUtc < cutoff && TryDelete(file))
            {
                tempFiles++;
            }
        }
        Log.StaleUploadsRemoved(_logger, uploads, tempFiles, _root);
        return uploads;
    }

    private IEnumerable<ArtifactEntry> ListChildren(string directory, string fullPath)
    {
        foreach (var info in new DirectoryInfo(fullPath).EnumerateFileSystemInfos("*", DirectChildren))
        {
            if (directory.Length == 0 && IsInternalName(info.Name))
            {
                continue;
            }
            var path = ArtifactPath.Combine(directory, info.Name);
            yield return info is FileInfo file
                ? new ArtifactEntry(path, IsDirectory: false, file.Length)
                : new ArtifactEntry(path, IsDirectory: true, Size: null);
        }
    }

    private IEnumerable<ArtifactEntry> WalkFiles(string directory, string fullPath)
    {
        // A directory sorts as "name/" so that the walk yields files in full-path order.
        var children = ListChildren(directory, fullPath)
            .OrderBy(entry => entry.IsDirectory ? entry.Path + "/" : entry.Path, StringComparer.Ordinal);
        foreach (var child in children)
        {
            if (!child.IsDirectory)
            {
                yield return child;
                continue;
            }
            foreach (var file in WalkFiles(child.Path, Path.Combine(fullPath, Path.GetFileName(child.Path))))
            {
                yield return file;
            }
        }
    }

    private static void DeleteEntry(string fullPath)
    {
        try
        {
            if (Directory.Exists(fullPath))
            {
                Directory.Delete(fullPath, recursive: true);
            }
            else
            {
                File.Delete(fullPath);
            }
        }
        catch (DirectoryNotFoundException)
        {
            // Deleted concurrently: the outcome the caller asked for.
        }
    }

    private bool TryDelete(FileInfo file)
    {
        try
        {
            file.Delete();
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.TempFileNotRemoved(_logger, file.FullName, exception);
            return false;
        }
    }

    private static KilnException ArtifactNotFound(string path) => KilnException.NotFound($"No artifact file at '{path}'");
}
