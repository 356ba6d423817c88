using Microsoft.Extensions.Logging;

namespace Kiln.Storage.Artifacts;

/// <summary>
/// Writes a file so that it appears whole or not at all: content goes to a temporary file in a
/// folder on the same file system, is flushed to disk, then renamed over the destination.
/// </summary>
internal sealed class AtomicFileWriter(string tempDirectory, ILogger logger)
{
    public string TempDirectory { get; } = tempDirectory;

    /// <summary>Runs <paramref name="writeContent"/> against a fresh temporary file, then moves it to <paramref name="destination"/>.</summary>
    public Task<T> WriteAsync<T>(string destination, long? expectedLength, Func<FileStream, CancellationToken, Task<T>> writeContent, CancellationToken cancellationToken) =>
        WriteAsync(_ => destination, expectedLength, writeContent, cancellationToken);

    /// <summary>As above, for a destination that depends on the content (a name with its digest, say).</summary>
    public async Task<T> WriteAsync<T>(Func<T, string> destination, long? expectedLength, Func<FileStream, CancellationToken, Task<T>> writeContent, CancellationToken cancellationToken)
    {
        var tempPath = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N") + ".tmp");
        try
        {
            T result;
            var options = new FileStreamOptions
            {
                Mode = FileMode.CreateNew,
                Access = FileAccess.Write,
                Share = FileShare.None,
                Options = FileOptions.Asynchronous,
                BufferSize = 0,
                PreallocationSize = expectedLength ?? 0,
            };
            await using (var file = new FileStream(tempPath, options))
            {
                result = await writeContent(file, cancellationToken);
                file.Flush(flushToDisk: true);
            }
            File.Move(tempPath, destination(result), overwrite: true);
            return result;
        }
        catch
        {
            TryDelete(tempPath);
            throw;
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            Log.TempFileNotRemoved(logger, path, exception);
        }
    }
}
