using System.Text.Json;
using System.Text.Json.Serialization;
using Kiln.Client;

namespace Kiln.Cli.Output;

// What --json prints: the server's objects, and for lists the server's answer shape ({"runs": [...], "next_page_token": ...}).

internal sealed record ExperimentList(IReadOnlyList<Experiment> Experiments);

internal sealed record CreatedExperiment(string ExperimentId);

internal sealed record RunList(IReadOnlyList<Run> Runs, string? NextPageToken);

internal sealed record RegisteredModelList(IReadOnlyList<RegisteredModel> RegisteredModels);

internal sealed record ModelVersionList(IReadOnlyList<ModelVersion> ModelVersions);

[JsonSourceGenerationOptions(
    WriteIndented = true,
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Experiment))]
[JsonSerializable(typeof(ExperimentList))]
[JsonSerializable(typeof(CreatedExperiment))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(RunList))]
[JsonSerializable(typeof(RegisteredModel))]
[JsonSerializable(typeof(RegisteredModelList))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(ModelVersionList))]
[JsonSerializable(typeof(ModelHistory))]
[JsonSerializable(typeof(ModelLineage))]
[JsonSerializable(typeof(GcResult))]
[JsonSerializable(typeof(ArtifactListing))]
[JsonSerializable(typeof(ArtifactUploadResult))]
[JsonSerializable(typeof(ArtifactDownloadResult))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
