using System.Text.Json;
using Kiln.Core;
using Kiln.Storage.Entities;
using Kiln.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.Mlflow;

/// <summary>MLflow's tracking REST API: experiments, runs, logging, search, metric history.</summary>
internal static class MlflowTrackingApi
{
    public static void Map(RouteGroupBuilder group, TrackingService tracking, long maxBody)
    {
        RequestDelegate H(Func<HttpContext, MlflowRequest, Task> handler) => MlflowEndpoint.Handle(maxBody, handler);

        group.MapPost("/experiments/create", H(async (context, request) =>
        {
            var id = await tracking.CreateExperimentAsync(request.RequiredString("name"), request.String("artifact_location"), ReadTags(request, "tags"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w => w.WriteString("experiment_id", MlflowJson.Id(id)));
        }));
        group.MapGet("/experiments/get", H(async (context, request) =>
        {
            var experiment = await tracking.GetExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                w.WritePropertyName("experiment");
                MlflowJson.Experiment(w, experiment);
            });
        }));
        group.MapGet("/experiments/get-by-name", H(async (context, request) =>
        {
            var experiment = await tracking.GetExperimentByNameAsync(request.RequiredString("experiment_name"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                w.WritePropertyName("experiment");
                MlflowJson.Experiment(w, experiment);
            });
        }));
        group.MapMethods("/experiments/search", [HttpMethods.Post, HttpMethods.Get], H(async (context, request) =>
        {
            var page = await tracking.SearchExperimentsAsync(
                request.Int32("max_results"), request.String("page_token"), request.String("filter"), request.Strings("order_by"),
                MlflowEnums.ViewType(request, "view_type"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                if (page.Items.Count > 0)
                {
                    w.WriteStartArray("experiments");
                    foreach (var experiment in page.Items)
                    {
                        MlflowJson.Experiment(w, experiment);
                    }
                    w.WriteEndArray();
                }
                WriteToken(w, page.NextPageToken);
            });
        }));
        group.MapPost("/experiments/delete", H(async (context, request) =>
        {
            await tracking.DeleteExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/experiments/restore", H(async (context, request) =>
        {
            await tracking.RestoreExperimentAsync(request.RequiredString("experiment_id"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/experiments/update", H(async (context, request) =>
        {
            await tracking.RenameExperimentAsync(request.RequiredString("experiment_id"), request.RequiredString("new_name"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/experiments/set-experiment-tag", H(async (context, request) =>
        {
            var tag = new KeyValue(request.RequiredString("key"), request.String("value") ?? string.Empty);
            await tracking.SetExperimentTagAsync(request.RequiredString("experiment_id"), tag, context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/experiments/delete-experiment-tag", H(async (context, request) =>
        {
            await tracking.DeleteExperimentTagAsync(request.RequiredString("experiment_id"), request.RequiredString("key"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));

        group.MapPost("/runs/create", H(async (context, request) =>
        {
            var run = await tracking.CreateRunAsync(
                request.String("experiment_id"), request.String("user_id"), request.Int64("start_time"), request.String("run_name"),
                ReadTags(request, "tags"), context.RequestAborted);
            await WriteRunAsync(context, run);
        }));
        group.MapGet("/runs/get", H(async (context, request) =>
        {
            var run = await tracking.GetRunAsync(request.RequiredString("run_id", "run_uuid"), context.RequestAborted);
            await WriteRunAsync(context, run);
        }));
        group.MapPost("/runs/update", H(async (context, request) =>
        {
            var info = await tracking.UpdateRunAsync(
                request.RequiredString("run_id", "run_uuid"), MlflowEnums.RunStatus(request, "status"), request.Int64("end_time"), request.String("run_name"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                w.WritePropertyName("run_info");
                MlflowJson.RunInfo(w, info);
            });
        }));
        group.MapPost("/runs/delete", H(async (context, request) =>
        {
            await tracking.DeleteRunAsync(request.RequiredString("run_id"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/restore", H(async (context, request) =>
        {
            await tracking.RestoreRunAsync(request.RequiredString("run_id"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/log-metric", H(async (context, request) =>
        {
            var runId = request.RequiredString("run_id", "run_uuid");
            var metric = new Metric(request.RequiredString("key"), request.RequiredDouble("value"), request.RequiredInt64("timestamp"), request.Int64("step") ?? 0);
            await tracking.LogMetricAsync(runId, metric, context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/log-parameter", H(async (context, request) =>
        {
            var runId = request.RequiredString("run_id", "run_uuid");
            await tracking.LogParamAsync(runId, new KeyValue(request.RequiredString("key"), request.String("value") ?? string.Empty), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/set-tag", H(async (context, request) =>
        {
            var runId = request.RequiredString("run_id", "run_uuid");
            await tracking.SetTagAsync(runId, new KeyValue(request.RequiredString("key"), request.String("value") ?? string.Empty), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/delete-tag", H(async (context, request) =>
        {
            await tracking.DeleteTagAsync(request.RequiredString("run_id"), request.RequiredString("key"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/log-batch", H(async (context, request) =>
        {
            List<Metric> metrics = [];
            List<KeyValue> parameters = [];
            List<KeyValue> tags = [];
            if (!LogBatchReader.TryRead(request.RawBody, out var runId, metrics, parameters, tags))
            {
                // Not the plain shape: the general reader says exactly what is wrong, in MLflow's words.
                runId = request.RequiredString("run_id");
                metrics = ReadMetrics(request);
                parameters = ReadKeyValues(request, "params");
                tags = ReadKeyValues(request, "tags");
            }
            await tracking.LogBatchAsync(runId!, metrics, parameters, tags, context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/log-model", H(async (context, request) =>
        {
            await tracking.LogModelAsync(request.RequiredString("run_id"), request.RequiredString("model_json"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/log-inputs", H(async (context, request) =>
        {
            var runId = request.RequiredString("run_id");
            if (!request.Has("datasets"))
            {
                throw MlflowRequest.Missing("datasets");
            }
            await tracking.LogInputsAsync(runId, ReadDatasetInputs(request), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/runs/search", H(async (context, request) =>
        {
            var page = await tracking.SearchRunsAsync(
                request.Strings("experiment_ids"), request.String("filter"), MlflowEnums.ViewType(request, "run_view_type"),
                request.Int32("max_results"), request.Strings("order_by"), request.String("page_token"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                if (page.Items.Count > 0)
                {
                    w.WriteStartArray("runs");
                    foreach (var run in page.Items)
                    {
                        MlflowJson.Run(w, run);
                    }
                    w.WriteEndArray();
                }
                WriteToken(w, page.NextPageToken);
            });
        }));
        group.MapGet("/metrics/get-history", H(async (context, request) =>
        {
            var runId = request.RequiredString("run_id", "run_uuid");
            var page = await tracking.GetMetricHistoryAsync(runId, request.RequiredString("metric_key"), request.Int32("max_results"), request.String("page_token"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                if (page.Items.Count > 0)
                {
                    w.WriteStartArray("metrics");
                    foreach (var metric in page.Items)
                    {
                        MlflowJson.Metric(w, metric);
                    }
                    w.WriteEndArray();
                }
                WriteToken(w, page.NextPageToken);
            });
        }));
        group.MapGet("/metrics/get-history-bulk-interval", H(async (context, request) =>
        {
            var points = await tracking.GetMetricHistoryBulkIntervalAsync(
                request.Strings("run_ids"), request.RequiredString("metric_key"), request.Int64("start_step"), request.Int64("end_step"), request.Int32("max_results"), context.RequestAborted);
            await WriteRunMetricsAsync(context, points);
        }));
        group.MapGet("/metrics/get-history-bulk", H(async (context, request) =>
        {
            var runIds = request.Strings("run_id");
            if (runIds.Count == 0)
            {
                throw KilnException.InvalidParameter("GetMetricHistoryBulk request must specify at least one run_id.");
            }
            if (runIds.Count > 100)
            {
                throw KilnException.InvalidParameter($"GetMetricHistoryBulk request cannot specify more than 100 run_ids. Received {runIds.Count} run_ids.");
            }
            var key = request.String("metric_key");
            if (string.IsNullOrEmpty(key))
            {
                throw KilnException.InvalidParameter("GetMetricHistoryBulk request must specify a metric_key.");
            }
            var max = Math.Clamp(request.Int32("max_results") ?? 25000, 1, 25000);
            var points = new List<Storage.RunMetric>();
            foreach (var runId in runIds.Order(StringComparer.Ordinal))
            {
                var history = await tracking.GetMetricHistoryAsync(runId, key, max, null, context.RequestAborted);
                points.AddRange(history.Items.Select(m => new Storage.RunMetric(runId, m)));
            }
            await WriteRunMetricsAsync(context, points);
        }));
    }

    private static Task WriteRunAsync(HttpContext context, Run run) =>
        MlflowEndpoint.WriteAsync(context, w =>
        {
            w.WritePropertyName("run");
            MlflowJson.Run(w, run);
        });

    private static Task WriteRunMetricsAsync(HttpContext context, IReadOnlyList<Storage.RunMetric> points) =>
        MlflowEndpoint.WriteAsync(context, w =>
        {
            if (points.Count == 0)
            {
                return;
            }
            w.WriteStartArray("metrics");
            foreach (var point in points)
            {
                MlflowJson.Metric(w, point.Metric, point.RunId);
            }
            w.WriteEndArray();
        });

    internal static void WriteToken(Utf8JsonWriter writer, string? token)
    {
        if (!string.IsNullOrEmpty(token))
        {
            writer.WriteString("next_page_token", token);
        }
    }

    /// <summary>Reads a list of {key, value} messages; used for tags and params in every API.</summary>
    internal static List<KeyValue> ReadKeyValues(MlflowRequest request, string name)
    {
        var count = request.ArrayLength(name);
        var result = new List<KeyValue>(count);
        foreach (var item in request.Array(name))
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
            {
                throw MlflowRequest.InvalidValue(name, request.Element(name)!.Value);
            }
            var value = item.TryGetProperty("value", out var v) ? v : default;
            if (value.ValueKind is not (JsonValueKind.String or JsonValueKind.Undefined or JsonValueKind.Null))
            {
                throw MlflowRequest.InvalidValue(name, request.Element(name)!.Value);
            }
            result.Add(new KeyValue(key.GetString()!, value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty));
        }
        return result;
    }

    internal static List<KeyValue> ReadTags(MlflowRequest request, string name) => ReadKeyValues(request, name);

    /// <summary>Reads log-batch metrics: each needs key, value and timestamp; step defaults to 0.</summary>
    private static List<Metric> ReadMetrics(MlflowRequest request)
    {
        var metrics = new List<Metric>(request.ArrayLength("metrics"));
        var keys = new RecentKeys();
        foreach (var item in request.Array("metrics"))
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("value", out var value) || !TryDouble(value, out var number)
                || !item.TryGetProperty("timestamp", out var timestamp) || !TryInt64(timestamp, out var time))
            {
                throw MlflowRequest.InvalidValue("metrics", request.Element("metrics")!.Value);
            }
            var step = 0L;
            if (item.TryGetProperty("step", out var stepElement) && stepElement.ValueKind != JsonValueKind.Null && !TryInt64(stepElement, out step))
            {
                throw MlflowRequest.InvalidValue("metrics", request.Element("metrics")!.Value);
            }
            metrics.Add(new Metric(keys.Get(key), number, time, step));
        }
        return metrics;
    }

    private static List<DatasetInput> ReadDatasetInputs(MlflowRequest request)
    {
        var inputs = new List<DatasetInput>();
        foreach (var item in request.Array("datasets"))
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("dataset", out var dataset) || dataset.ValueKind != JsonValueKind.Object)
            {
                throw MlflowRequest.InvalidValue("datasets", request.Element("datasets")!.Value);
            }
            string? Field(string field) => dataset.TryGetProperty(field, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            string Required(string field, string label) => Field(field) ?? throw KilnException.InvalidParameter($"Dataset {label} cannot be None");
            var tags = new List<KeyValue>();
            if (item.TryGetProperty("tags", out var tagArray) && tagArray.ValueKind == JsonValueKind.Array)
            {
                foreach (var tag in tagArray.EnumerateArray())
                {
                    var key = tag.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
                    var value = tag.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
                    tags.Add(new KeyValue(
                        key ?? throw KilnException.InvalidParameter("InputTag key cannot be None"),
                        value ?? throw KilnException.InvalidParameter("InputTag value cannot be None")));
                }
            }
            inputs.Add(new DatasetInput(
                new Dataset(Required("name", "name"), Required("digest", "digest"), Required("source_type", "source_type"), Required("source", "source"), Field("schema"), Field("profile")),
                tags));
        }
        return inputs;
    }

    /// <summary>A batch repeats a few keys many times: reuse the string of a key seen recently instead of allocating each time.</summary>
    private struct RecentKeys
    {
        private const int Capacity = 16;
        private string[]? _keys;
        private int _next;

        public string Get(JsonElement key)
        {
            _keys ??= new string[Capacity];
            foreach (var known in _keys)
            {
                if (known is not null && key.ValueEquals(known))
                {
                    return known;
                }
            }
            var text = key.GetString()!;
            _keys[_next] = text;
            _next = (_next + 1) % Capacity;
            return text;
        }
    }

    private static bool TryDouble(JsonElement element, out double value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number:
                value = element.GetDouble();
                return true;
            case JsonValueKind.String:
                var text = element.GetString();
                value = text switch
                {
                    "NaN" => double.NaN,
                    "Infinity" => double.PositiveInfinity,
                    "-Infinity" => double.NegativeInfinity,
                    _ => double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var parsed) ? parsed : double.NaN,
                };
                return text is "NaN" || !double.IsNaN(value);
            default:
                value = 0;
                return false;
        }
    }

    private static bool TryInt64(JsonElement element, out long value)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Number when element.TryGetInt64(out value):
                return true;
            case JsonValueKind.String:
                return long.TryParse(element.GetString(), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out value);
            default:
                value = 0;
                return false;
        }
    }
}
