namespace Kiln.Client.Transfers;

/// <summary>Counts bytes and files of one transfer across threads and reports each change.</summary>
internal sealed class TransferMeter(long totalBytes, int fileCount, IProgress<TransferProgress>? progress)
{
    private long _bytes;
    private int _files;
    private string _currentFile = string.Empty;

    public long Bytes => Interlocked.Read(ref _bytes);

    public void StartFile(string name)
    {
        Volatile.Write(ref _currentFile, name);
        Report();
    }

    public void Add(long bytes)
    {
        if (bytes != 0)
        {
            Interlocked.Add(ref _bytes, bytes);
            Report();
        }
    }

    public void FinishFile()
    {
        Interlocked.Increment(ref _files);
        Report();
    }

    private void Report() =>
        progress?.Report(new TransferProgress(Volatile.Read(ref _currentFile), Interlocked.Read(ref _bytes), totalBytes, Volatile.Read(ref _files), fileCount));
}
