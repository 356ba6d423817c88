using System.Globalization;
using System.Text.Json;
using Kiln.Storage.Entities;
using Kiln.Storage.Tracking;

namespace Kiln.Server.Mlflow;

/// <summary>
/// MLflow's JSON shapes for Kiln's entities, written as MLflow's server writes them: proto field names, ids and
/// model versions as strings, int64 as numbers, NaN/Infinity as strings, unset and empty fields left out.
/// </summary>
public static class MlflowJson
{
    public static void Experiment(Utf8JsonWriter writer, Experiment experiment)
    {
        writer.WriteStartObject();
        writer.WriteString("experiment_id", Id(experiment.ExperimentId));
        writer.WriteString("name", experiment.Name);
        writer.WriteString("artifact_location", experiment.ArtifactLocation);
        writer.WriteString("lifecycle_stage", Lifecycle.ToText(experiment.LifecycleStage));
        writer.WriteNumber("last_update_time", experiment.LastUpdateTime);
        writer.WriteNumber("creation_time", experiment.CreationTime);
        Tags(writer, "tags", experiment.Tags);
        writer.WriteEndObject();
    }

    public static void Run(Utf8JsonWriter writer, Run run)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("info");
        RunInfo(writer, run.Info);
        writer.WriteStartObject("data");
        if (run.Metrics.Count > 0)
        {
            writer.WriteStartArray("metrics");
            foreach (var metric in run.Metrics)
            {
                Metric(writer, metric);
            }
            writer.WriteEndArray();
        }
        Tags(writer, "params", run.Params);
        Tags(writer, "tags", run.Tags);
        writer.WriteEndObject();
        writer.WriteStartObject("inputs");
        if (run.Inputs.Count > 0)
        {
            writer.WriteStartArray("dataset_inputs");
            foreach (var input in run.Inputs)
            {
                DatasetInput(writer, input);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void RunInfo(Utf8JsonWriter writer, RunInfo info)
    {
        writer.WriteStartObject();
        writer.WriteString("run_uuid", info.RunId);
        writer.WriteString("run_name", info.RunName);
        writer.WriteString("experiment_id", Id(info.ExperimentId));
        writer.WriteString("user_id", info.UserId ?? string.Empty);
        writer.WriteString("status", Lifecycle.ToText(info.Status));
        writer.WriteNumber("start_time", info.StartTime);
        if (info.EndTime is { } end and not 0)
        {
            writer.WriteNumber("end_time", end);
        }
        if (!string.IsNullOrEmpty(info.ArtifactUri))
        {
            writer.WriteString("artifact_uri", info.ArtifactUri);
        }
        writer.WriteString("lifecycle_stage", Lifecycle.ToText(info.LifecycleStage));
        writer.WriteString("run_id", info.RunId);
        writer.WriteEndObject();
    }

    public static void Metric(Utf8JsonWriter writer, in Metric metric, string? runId = null)
    {
        writer.WriteStartObject();
        writer.WriteString("key", metric.Key);
        Double(writer, "value", metric.Value);
        writer.WriteNumber("timestamp", metric.Timestamp);
        writer.WriteNumber("step", metric.Step);
        if (runId is not null)
        {
            writer.WriteString("run_id", runId);
        }
        writer.WriteEndObject();
    }

    public static void DatasetInput(Utf8JsonWriter writer, DatasetInput input)
    {
        writer.WriteStartObject();
        Tags(writer, "tags", input.Tags);
        writer.WriteStartObject("dataset");
        writer.WriteString("name", input.Dataset.Name);
        writer.WriteString("digest", input.Dataset.Digest);
        writer.WriteString("source_type", input.Dataset.SourceType);
        writer.WriteString("source", input.Dataset.Source);
        if (input.Dataset.Schema is not null)
        {
            writer.WriteString("schema", input.Dataset.Schema);
        }
        if (input.Dataset.Profile is not null)
        {
            writer.WriteString("profile", input.Dataset.Profile);
        }
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    public static void RegisteredModel(Utf8JsonWriter writer, RegisteredModel model)
    {
        writer.WriteStartObject();
        writer.WriteString("name", model.Name);
        writer.WriteNumber("creation_timestamp", model.CreationTimestamp);
        if (model.LastUpdatedTimestamp != 0)
        {
            writer.WriteNumber("last_updated_timestamp", model.LastUpdatedTimestamp);
        }
        if (!string.IsNullOrEmpty(model.Description))
        {
            writer.WriteString("description", model.Description);
        }
        if (model.LatestVersions.Count > 0)
        {
            writer.WriteStartArray("latest_versions");
            foreach (var version in model.LatestVersions)
            {
                ModelVersion(writer, version with { Aliases = [] });
            }
            writer.WriteEndArray();
        }
        Tags(writer, "tags", model.Tags);
        if (model.Aliases.Count > 0)
        {
            writer.WriteStartArray("aliases");
            foreach (var alias in model.Aliases)
            {
                writer.WriteStartObject();
                writer.WriteString("alias", alias.Alias);
                writer.WriteString("version", Id(alias.Version));
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    public static void ModelVersion(Utf8JsonWriter writer, ModelVersion version)
    {
        writer.WriteStartObject();
        writer.WriteString("name", version.Name);
        writer.WriteString("version", Id(version.Version));
        writer.WriteNumber("creation_timestamp", version.CreationTimestamp);
        writer.WriteNumber("last_updated_timestamp", version.LastUpdatedTimestamp);
        if (version.UserId is not null)
        {
            writer.WriteString("user_id", version.UserId);
        }
        writer.WriteString("current_stage", version.CurrentStage);
        if (version.Description is not null)
        {
            writer.WriteString("description", version.Description);
        }
        writer.WriteString("source", version.Source);
        if (version.RunId is not null)
        {
            writer.WriteString("run_id", version.RunId);
        }
        writer.WriteString("status", Status(version.Status));
        if (!string.IsNullOrEmpty(version.StatusMessage))
        {
            writer.WriteString("status_message", version.StatusMessage);
        }
        Tags(writer, "tags", version.Tags);
        if (version.RunLink is not null)
        {
            writer.WriteString("run_link", version.RunLink);
        }
        if (version.Aliases.Count > 0)
        {
            writer.WriteStartArray("aliases");
            foreach (var alias in version.Aliases)
            {
                writer.WriteStringValue(alias);
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }

    public static string Status(ModelVersionStatus status) => status switch
    {
        ModelVersionStatus.PendingRegistration => "PENDING_REGISTRATION",
        ModelVersionStatus.FailedRegistration => "FAILED_REGISTRATION",
        _ => "READY",
    };

    public static void Tags(Utf8JsonWriter writer, string property, IReadOnlyList<KeyValue> tags)
    {
        if (tags.Count == 0)
        {
            return;
        }
        writer.WriteStartArray(property);
        foreach (var tag in tags)
        {
            writer.WriteStartObject();
            writer.WriteString("key", tag.Key);
            writer.WriteString("value", tag.Value);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    /// <summary>Doubles as protobuf's JSON writes them: NaN and infinities as strings.</summary>
    public static void Double(Utf8JsonWriter writer, string property, double value)
    {
        if (double.IsNaN(value))
        {
            writer.WriteString(property, "NaN");
        }
        else if (double.IsPositiveInfinity(value))
        {
            writer.WriteString(property, "Infinity");
        }
        else if (double.IsNegativeInfinity(value))
        {
            writer.WriteString(property, "-Infinity");
        }
        else
        {
            writer.WriteNumber(property, value);
        }
    }

    public static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
