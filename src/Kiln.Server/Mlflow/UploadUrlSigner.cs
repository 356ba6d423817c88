using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Kiln.Server.Mlflow;

/// <summary>
/// Signs the part-upload URLs handed out for multipart uploads. MLflow clients PUT parts to those URLs
/// without credentials (as to S3 presigned URLs), so the URL itself carries a short-lived HMAC capability.
/// </summary>
public sealed class UploadUrlSigner(byte[] key, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(24);

    public (long Expires, string Signature) Sign(string path, string uploadId, int partNumber)
    {
        var expires = clock.GetUtcNow().Add(Lifetime).ToUnixTimeSeconds();
        return (expires, Compute(path, uploadId, partNumber, expires));
    }

    public bool Verify(string path, string uploadId, int partNumber, long expires, string? signature)
    {
        if (signature is null || expires < clock.GetUtcNow().ToUnixTimeSeconds())
        {
            return false;
        }
        var expected = Encoding.ASCII.GetBytes(Compute(path, uploadId, partNumber, expires));
        return CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(signature));
    }

    private string Compute(string path, string uploadId, int partNumber, long expires)
    {
        var message = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{path}\n{uploadId}\n{partNumber}\n{expires}"));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, message));
    }

    /// <summary>The signing key: configured, else kept in the data folder so every restart (and replica sharing it) agrees.</summary>
    public static byte[] LoadOrCreateKey(string? configured, string dataDir)
    {
        if (!string.IsNullOrEmpty(configured))
        {
            return Encoding.UTF8.GetBytes(configured);
        }
        var path = Path.Combine(dataDir, "upload-signing.key");
        if (File.Exists(path))
        {
            return Convert.FromHexString(File.ReadAllText(path).Trim());
        }
        Directory.CreateDirectory(dataDir);
        var key = RandomNumberGenerator.GetBytes(32);
        File.WriteAllText(path, Convert.ToHexString(key));
        return key;
    }
}
