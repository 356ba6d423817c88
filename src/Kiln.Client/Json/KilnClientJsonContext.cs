using System.Text.Json;
using System.Text.Json.Serialization;

namespace Kiln.Client.Json;

/// <summary>
/// Source-generated JSON for every body the client reads and writes: snake_case as on MLflow's wire, nulls left
/// out, NaN and infinities as MLflow writes them ("NaN", "Infinity"), int64 also read from strings.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString | JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(Experiment))]
[JsonSerializable(typeof(Run))]
[JsonSerializable(typeof(RegisteredModel))]
[JsonSerializable(typeof(ModelVersion))]
[JsonSerializable(typeof(ModelHistory))]
[JsonSerializable(typeof(ModelLineage))]
[JsonSerializable(typeof(GcResult))]
[JsonSerializable(typeof(ArtifactListing))]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(CreateExperimentRequest))]
[JsonSerializable(typeof(CreateExperimentResponse))]
[JsonSerializable(typeof(ExperimentResponse))]
[JsonSerializable(typeof(ExperimentIdRequest))]
[JsonSerializable(typeof(RenameExperimentRequest))]
[JsonSerializable(typeof(ExperimentTagRequest))]
[JsonSerializable(typeof(SearchExperimentsRequest))]
[JsonSerializable(typeof(SearchExperimentsResponse))]
[JsonSerializable(typeof(CreateRunRequest))]
[JsonSerializable(typeof(RunResponse))]
[JsonSerializable(typeof(RunIdRequest))]
[JsonSerializable(typeof(UpdateRunRequest))]
[JsonSerializable(typeof(UpdateRunResponse))]
[JsonSerializable(typeof(LogMetricRequest))]
[JsonSerializable(typeof(RunKeyValueRequest))]
[JsonSerializable(typeof(LogBatchRequest))]
[JsonSerializable(typeof(LogInputsRequest))]
[JsonSerializable(typeof(SearchRunsRequest))]
[JsonSerializable(typeof(SearchRunsResponse))]
[JsonSerializable(typeof(MetricHistoryResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(CreateRegisteredModelRequest))]
[JsonSerializable(typeof(RegisteredModelResponse))]
[JsonSerializable(typeof(ModelNameRequest))]
[JsonSerializable(typeof(SearchRegisteredModelsResponse))]
[JsonSerializable(typeof(CreateModelVersionRequest))]
[JsonSerializable(typeof(ModelVersionResponse))]
[JsonSerializable(typeof(SearchModelVersionsResponse))]
[JsonSerializable(typeof(SetAliasRequest))]
[JsonSerializable(typeof(DeleteAliasRequest))]
[JsonSerializable(typeof(TransitionStageRequest))]
[JsonSerializable(typeof(GcRequest))]
[JsonSerializable(typeof(CreateMultipartRequest))]
[JsonSerializable(typeof(CreateMultipartResponse))]
[JsonSerializable(typeof(ListPartsResponse))]
[JsonSerializable(typeof(CompleteMultipartRequest))]
[JsonSerializable(typeof(AbortMultipartRequest))]
[JsonSerializable(typeof(Transfers.UploadState))]
internal sealed partial class KilnClientJsonContext : JsonSerializerContext;
