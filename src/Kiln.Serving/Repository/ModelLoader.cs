using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Kiln.Core;
using Kiln.Onnx;
using Kiln.Serving.Codecs;
using Kiln.Serving.Inference;
using Kiln.Storage.Artifacts;
using Kiln.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace Kiln.Serving.Repository;

/// <summary>How one version is to be served: its ORT threads and batching.</summary>
public sealed record ServingSettings(int IntraOpThreads, int InterOpThreads, BatchingOptions? Batching);

/// <summary>
/// Loads a registered version: streams its model folder from the artifact store into the cache folder, opens the
/// ONNX session, checks it against the MLmodel signature and runs the input example through it. Any failure is an
/// invalid-state <see cref="KilnException"/> whose message says why, and nothing is left loaded.
/// </summary>
public sealed class ModelLoader(IArtifactStore artifacts, InferenceMetrics metrics, string cacheDirectory, ILogger<ModelLoader> logger)
{
    private const string CompleteMarker = ".complete";

    public string CacheDirectory => cacheDirectory;

    internal async Task<LoadedModel> LoadAsync(ModelVersion version, ServingSettings settings, Action<LoadedModel> onDisposed, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (version.Status != ModelVersionStatus.Ready)
        {
            throw Failed($"the version's registration is {version.Status}{(version.StatusMessage is null ? string.Empty : ": " + version.StatusMessage)}.");
        }
        using var metadata = ParseMetadata(version);
        var root = metadata.RootElement;
        var modelFile = root.TryGetProperty("model_file", out var file) && file.ValueKind == JsonValueKind.String ? file.GetString()! : null;
        if (modelFile is null)
        {
            throw Failed("the MLmodel has no onnx flavor naming a model file; only ONNX models are served.");
        }
        var storePath = version.StorageLocation is null ? null : ArtifactUri.ToStorePath(version.StorageLocation);
        if (storePath is null)
        {
            throw Failed($"the storage location '{version.StorageLocation}' is not in this server's artifact store.");
        }
        var folder = await DownloadAsync(version, storePath, root, cancellationToken);
        var modelPath = Path.Combine(folder, modelFile.Replace('/', Path.DirectorySeparatorChar));
        var sizeBytes = new FileInfo(modelPath).Length;

        var session = await Task.Run(() => OpenSession(modelPath, modelFile, settings), cancellationToken);
        try
        {
            JsonElement? signature = root.TryGetProperty("signature", out var sig) && sig.ValueKind == JsonValueKind.Object ? sig : null;
            var schema = ModelSchema.Create(session, signature);
            if (root.TryGetProperty("input_example", out var example) && example.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
            {
                RunInputExample(session, schema, example);
            }
            var batching = settings.Batching;
            if (batching is not null && !schema.SupportsBatching)
            {
                Log.BatchingUnsupported(logger, version.Name, version.Version);
                batching = null;
            }
            var model = new LoadedModel(version.Name, version.Version, session, schema, sizeBytes, batching, metrics.ForVersion(version.Name, version.Version), onDisposed);
            Log.ModelLoaded(logger, version.Name, version.Version, sizeBytes, model.IsBatching, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return model;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static JsonDocument ParseMetadata(ModelVersion version)
    {
        if (string.IsNullOrEmpty(version.ModelMetadata))
        {
            throw Failed("the version has no MLmodel metadata (it was not registered from an MLflow model folder).");
        }
        try
        {
            return JsonDocument.Parse(version.ModelMetadata);
        }
        catch (JsonException ex)
        {
            throw Failed($"the version's MLmodel metadata is not valid JSON: {ex.Message}");
        }
    }

    private static OnnxSession OpenSession(string modelPath, string modelFile, ServingSettings settings)
    {
        var options = new OnnxSessionOptions { IntraOpThreads = settings.IntraOpThreads, InterOpThreads = settings.InterOpThreads };
        options.ConfigEntries["session.intra_op.allow_spinning"] = "0";
        options.ConfigEntries["session.inter_op.allow_spinning"] = "0";
        try
        {
            return OnnxSession.Open(modelPath, options);
        }
        catch (OnnxRuntimeException ex)
        {
            throw Failed($"ONNX Runtime could not load {modelFile}: {ex.OrtMessage}");
        }
    }

    private static void RunInputExample(OnnxSession session, ModelSchema schema, JsonElement example)
    {
        try
        {
            using var request = MlflowScoringReader.ReadInputExample(Encoding.UTF8.GetBytes(example.GetRawText()), schema);
            ModelRunner.Validate(schema, request);
            var runner = new ModelRunner(session, schema);
            var run = runner.Run(request.Inputs!, runner.AllOutputs, out _);
            run.Release();
        }
        catch (KilnException ex)
        {
            throw Failed("the MLmodel input example does not run: " + ex.Message);
        }
    }

    /// <summary>The version's files in the cache folder, downloaded once (a marker file says the copy is whole).</summary>
    private async Task<string> DownloadAsync(ModelVersion version, string storePath, JsonElement metadata, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(cacheDirectory, Sanitize(version.Name), version.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            return folder;
        }
        var staging = folder + ".download-" + Guid.NewGuid().ToString("N")[..8];
        Directory.CreateDirectory(staging);
        try
        {
            var any = false;
            await foreach (var entry in artifacts.ListRecursiveAsync(storePath, cancellationToken))
            {
                if (entry.IsDirectory)
                {
                    continue;
                }
                var relative = entry.Path.Length > storePath.Length ? entry.Path[(storePath.Length + 1)..] : Path.GetFileName(entry.Path);
                var target = Path.Combine(staging, ArtifactPath.Normalize(relative).Replace('/', Path.DirectorySeparatorChar));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                await using var source = await artifacts.OpenReadAsync(entry.Path, 0, cancellationToken);
                await using var destination = new FileStream(target, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
                await source.CopyToAsync(destination, cancellationToken);
                any = true;
            }
            if (!any)
            {
                throw Failed($"the model folder '{version.StorageLocation}' holds no files.");
            }
            await File.WriteAllTextAsync(Path.Combine(staging, CompleteMarker), version.StorageLocation, cancellationToken);
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
            Directory.CreateDirectory(Path.GetDirectoryName(folder)!);
            Directory.Move(staging, folder);
            return folder;
        }
        catch (IOException) when (File.Exists(Path.Combine(folder, CompleteMarker)))
        {
            // Another load of the same version finished first; its copy serves.
            TryDelete(staging);
            return folder;
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private static string Sanitize(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }
        // A stable suffix keeps names that sanitize alike apart (and the folder the same across restarts).
        var hash = System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name));
        return builder.Append('-').Append(Convert.ToHexStringLower(hash, 0, 4)).ToString();
    }

    internal static KilnException Failed(string reason) => new(ErrorCode.InvalidState, reason);
}
