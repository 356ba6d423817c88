using System.Text;
using System.Text.Json.Nodes;
using Kiln.Core;
using Kiln.Storage;
using Kiln.Storage.Artifacts;
using Kiln.Storage.Entities;
using Microsoft.Extensions.Logging;

namespace Kiln.Registry;

/// <summary>
/// Finishes a model version's registration: resolves its source to the artifact store, parses the MLmodel
/// there and keeps it (with the input example and file list) as the version's metadata.
/// </summary>
public sealed class ModelRegistration(IRegistryStore store, ModelSourceResolver resolver, IArtifactStore artifacts, ILogger<ModelRegistration> logger)
{
    private const int MaxDocumentBytes = 1024 * 1024;
    private const int MaxListedFiles = 1000;

    public async Task<ModelVersion> CompleteAsync(ModelVersion version, CancellationToken cancellationToken)
    {
        try
        {
            var resolved = await resolver.ResolveAsync(version.Source, cancellationToken);
            var metadata = await ReadMetadataAsync(resolved, cancellationToken);
            return await store.CompleteRegistrationAsync(version.Name, version.Version, ModelVersionStatus.Ready, null, resolved.ArtifactUri, metadata.ToJsonString(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Log.RegistrationFailed(logger, version.Name, version.Version, ex.Message);
            return await store.CompleteRegistrationAsync(version.Name, version.Version, ModelVersionStatus.FailedRegistration, ex.Message, null, null, CancellationToken.None);
        }
    }

    private async Task<JsonObject> ReadMetadataAsync(ResolvedSource source, CancellationToken cancellationToken)
    {
        var mlmodelPath = ArtifactPath.Combine(source.StorePath, MLmodel.FileName);
        var text = await ReadTextAsync(mlmodelPath, cancellationToken)
            ?? throw new KilnException(ErrorCode.ResourceDoesNotExist, $"No MLmodel file at '{ArtifactUri.Combine(source.ArtifactUri, MLmodel.FileName)}'.");
        var model = MLmodel.Parse(text);
        var metadata = new JsonObject
        {
            ["mlmodel"] = model.Document.DeepClone(),
            ["flavors"] = new JsonArray(model.Flavors.Select(f => (JsonNode?)JsonValue.Create(f)).ToArray()),
            ["signature"] = model.Signature?.DeepClone(),
            ["model_file"] = model.ModelFile,
        };
        if (model.InputExamplePath is not null)
        {
            var examplePath = ArtifactPath.Combine(source.StorePath, ArtifactPath.Normalize(model.InputExamplePath));
            var example = await ReadTextAsync(examplePath, cancellationToken);
            metadata["input_example"] = example is null ? null : JsonNode.Parse(example);
        }
        var files = new JsonArray();
        await foreach (var entry in artifacts.ListRecursiveAsync(source.StorePath, cancellationToken))
        {
            if (files.Count >= MaxListedFiles)
            {
                break;
            }
            files.Add(new JsonObject { ["path"] = entry.Path[Math.Min(entry.Path.Length, source.StorePath.Length + 1)..], ["size"] = entry.Size });
        }
        metadata["files"] = files;
        if (model.ModelFile is not null && !files.Any(f => f?["path"]?.GetValue<string>() == model.ModelFile))
        {
            throw new KilnException(ErrorCode.ResourceDoesNotExist, $"The MLmodel names '{model.ModelFile}' as the model file, but the model folder has no such file.");
        }
        return metadata;
    }

    private async Task<string?> ReadTextAsync(string path, CancellationToken cancellationToken)
    {
        var file = await artifacts.GetFileAsync(path, cancellationToken);
        if (file is null)
        {
            return null;
        }
        if (file.Size > MaxDocumentBytes)
        {
            throw new KilnException(ErrorCode.InvalidParameterValue, $"'{path}' is {file.Size} bytes; at most {MaxDocumentBytes} are read.");
        }
        await using var stream = await artifacts.OpenReadAsync(path, 0, cancellationToken);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return await reader.ReadToEndAsync(cancellationToken);
    }
}
