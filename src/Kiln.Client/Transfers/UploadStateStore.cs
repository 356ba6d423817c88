using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Kiln.Client.Json;

namespace Kiln.Client.Transfers;

/// <summary>Keeps one small JSON file per unfinished multipart upload, named by server, target and source, written atomically.</summary>
internal sealed class UploadStateStore(string? directory)
{
    private readonly string _directory = directory ?? Path.Combine(Path.GetTempPath(), "kiln", "uploads");

    public string PathFor(string server, string target, string source)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{server}\n{target}\n{source}"));
        return Path.Combine(_directory, Convert.ToHexStringLower(key)[..32] + ".json");
    }

    public UploadState? Load(string path)
    {
        try
        {
            return File.Exists(path) ? JsonSerializer.Deserialize(File.ReadAllBytes(path), KilnClientJsonContext.Default.UploadState) : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            // Unreadable state only costs a fresh upload.
            return null;
        }
    }

    public void Save(string path, UploadState state)
    {
        Directory.CreateDirectory(_directory);
        var temporary = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(state, KilnClientJsonContext.Default.UploadState));
        File.Move(temporary, path, overwrite: true);
    }

    public static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }
}
