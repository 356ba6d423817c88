using System.Diagnostics;
using System.Text.Json;
using Kiln.Core;
using Kiln.Serving;
using Kiln.Serving.Codecs;
using Kiln.Serving.Repository;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.Inference;

/// <summary>
/// The Open Inference Protocol (V2) REST API: health, server and model metadata, readiness and inference (with the
/// binary tensor extension), plus Triton's model repository extension. Errors are <c>{"error": "..."}</c>.
/// </summary>
public static class InferenceApi
{
    private static readonly string[] Extensions = ["binary_tensor_data", "model_repository"];

    public static IEndpointRouteBuilder MapInferenceApi(this IEndpointRouteBuilder app, ModelRepository repository, ServingOptions options)
    {
        var v2 = app.MapGroup("/v2");
        v2.MapGet("/health/live", context => WriteJsonAsync(context, StatusCodes.Status200OK, w => w.WriteBoolean("live"u8, true)));
        v2.MapGet("/health/ready", context =>
        {
            var ready = repository.IsReady;
            return WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, w => w.WriteBoolean("ready"u8, ready));
        });
        v2.MapGet(string.Empty, ServerMetadataAsync);
        foreach (var model in new[] { "/models/{name}", "/models/{name}/versions/{version}" })
        {
            v2.MapGet(model, context => Handle(context, () => ModelMetadataAsync(context, repository)));
            v2.MapGet(model + "/ready", context => Handle(context, () => ModelReadyAsync(context, repository)));
            v2.MapPost(model + "/infer", context => InferAsync(context, repository, options.MaxRequestBytes));
        }
        var repositoryApi = v2.MapGroup("/repository");
        repositoryApi.MapPost("/index", context => Handle(context, () => IndexAsync(context, repository)));
        repositoryApi.MapPost("/models/{name}/load", context => Handle(context, () => LoadAsync(context, repository)));
        repositoryApi.MapPost("/models/{name}/unload", context => Handle(context, () => UnloadAsync(context, repository)));
        return app;
    }

    private static async Task InferAsync(HttpContext context, ModelRepository repository, long maxRequestBytes)
    {
        var started = Stopwatch.GetTimestamp();
        ModelLease lease = default;
        var inferring = false;
        try
        {
            lease = await repository.AcquireAsync(InferenceRoutes.ModelName(context), InferenceRoutes.Version(context), context.RequestAborted);
            var model = lease.Model;
            context.Response.Headers[InferenceRoutes.ModelVersionHeader] = model.VersionText;
            using var body = await InferenceBody.ReadAsync(context, maxRequestBytes);
            var (json, binary) = body.Split(context.Request);
            using var request = V2RequestReader.Read(json.Span, binary.Span, model.Schema);
            inferring = true;
            using var response = await model.InferAsync(request, context.RequestAborted);
            using var output = new PooledBufferWriter();
            var headerLength = V2ResponseWriter.Write(response, output);
            var httpResponse = context.Response;
            if (headerLength >= 0)
            {
                httpResponse.ContentType = "application/octet-stream";
                httpResponse.Headers[InferenceBody.HeaderLengthHeader] = headerLength.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                httpResponse.ContentType = "application/json";
            }
            httpResponse.ContentLength = output.WrittenCount;
            await httpResponse.BodyWriter.WriteAsync(output.WrittenMemory, context.RequestAborted);
            model.Metrics.Succeeded(started);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            if (!inferring && lease.Model is { } model && ex is KilnException { Code: ErrorCode.InvalidParameterValue or ErrorCode.BadRequest or ErrorCode.PayloadTooLarge })
            {
                model.Metrics.Failed(FailureReason.InvalidInput);
            }
            await InferenceErrors.WriteV2Async(context, ex);
        }
        finally
        {
            lease.Dispose();
        }
    }

    private static Task ServerMetadataAsync(HttpContext context) => WriteJsonAsync(context, StatusCodes.Status200OK, writer =>
    {
        writer.WriteString("name"u8, "kiln");
        writer.WriteString("version"u8, KilnVersion.Current);
        writer.WriteStartArray("extensions"u8);
        foreach (var extension in Extensions)
        {
            writer.WriteStringValue(extension);
        }
        writer.WriteEndArray();
    });

    private static async Task ModelMetadataAsync(HttpContext context, ModelRepository repository)
    {
        var name = InferenceRoutes.ModelName(context);
        using var lease = await repository.AcquireAsync(name, InferenceRoutes.Version(context), context.RequestAborted);
        context.Response.Headers[InferenceRoutes.ModelVersionHeader] = lease.Model.VersionText;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        V2ResponseWriter.WriteMetadata(writer, name, repository.LoadedVersions(name), lease.Model.Schema);
        await writer.FlushAsync(context.RequestAborted);
    }

    private static Task ModelReadyAsync(HttpContext context, ModelRepository repository)
    {
        var name = InferenceRoutes.ModelName(context);
        var version = InferenceRoutes.Version(context);
        var ready = version is null ? repository.TryAcquire(name, out var lease) : repository.TryAcquire(name, version.Value, out lease);
        if (ready)
        {
            context.Response.Headers[InferenceRoutes.ModelVersionHeader] = lease.Model.VersionText;
            lease.Dispose();
        }
        return WriteJsonAsync(context, ready ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, writer =>
        {
            writer.WriteString("name"u8, name);
            writer.WriteBoolean("ready"u8, ready);
        });
    }

    private static async Task IndexAsync(HttpContext context, ModelRepository repository)
    {
        var readyOnly = false;
        using (var body = await InferenceBody.ReadAsync(context, 64 * 1024))
        {
            if (body.Length > 0)
            {
                readyOnly = ReadFlag(body.Span, "ready"u8);
            }
        }
        var entries = await repository.IndexAsync(readyOnly, context.RequestAborted);
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartArray();
        foreach (var entry in entries)
        {
            writer.WriteStartObject();
            writer.WriteString("name"u8, entry.Name);
            if (entry.Version is { } version)
            {
                writer.WriteString("version"u8, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            writer.WriteString("state"u8, entry.State);
            writer.WriteString("reason"u8, entry.Reason);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        await writer.FlushAsync(context.RequestAborted);
    }

    private static async Task LoadAsync(HttpContext context, ModelRepository repository)
    {
        long? version = null;
        using (var body = await InferenceBody.ReadAsync(context, 64 * 1024))
        {
            if (body.Length > 0)
            {
                version = ReadVersionParameter(body.Span);
            }
        }
        await repository.LoadModelAsync(InferenceRoutes.ModelName(context), version, context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    private static async Task UnloadAsync(HttpContext context, ModelRepository repository)
    {
        using (await InferenceBody.ReadAsync(context, 64 * 1024))
        {
        }
        await repository.UnloadModelAsync(InferenceRoutes.ModelName(context), context.RequestAborted);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Kiln's addition to the load request: <c>{"parameters": {"version": "3"}}</c> loads that version.</summary>
    private static long? ReadVersionParameter(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw KilnException.InvalidParameter("The load request must be a JSON object.");
            }
            if (!document.RootElement.TryGetProperty("parameters", out var parameters) || parameters.ValueKind != JsonValueKind.Object
                || !parameters.TryGetProperty("version", out var version))
            {
                return null;
            }
            return version.ValueKind switch
            {
                JsonValueKind.Number when version.TryGetInt64(out var number) && number > 0 => number,
                JsonValueKind.String when long.TryParse(version.GetString(), System.Globalization.CultureInfo.InvariantCulture, out var number) && number > 0 => number,
                _ => throw KilnException.InvalidParameter("Parameter 'version' must be a positive integer."),
            };
        }
        catch (JsonException ex)
        {
            throw KilnException.InvalidParameter($"Malformed JSON in the request body: {ex.Message}");
        }
    }

    private static bool ReadFlag(ReadOnlySpan<byte> json, ReadOnlySpan<byte> name)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw KilnException.InvalidParameter("The request body must be a JSON object.");
            }
            return document.RootElement.TryGetProperty(name, out var value) && value.ValueKind switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False or JsonValueKind.Null => false,
                _ => throw KilnException.InvalidParameter($"'{System.Text.Encoding.UTF8.GetString(name)}' must be a boolean."),
            };
        }
        catch (JsonException ex)
        {
            throw KilnException.InvalidParameter($"Malformed JSON in the request body: {ex.Message}");
        }
    }

    private static async Task Handle(HttpContext context, Func<Task> handler)
    {
        try
        {
            await handler();
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            await InferenceErrors.WriteV2Async(context, ex);
        }
    }

    private static async Task WriteJsonAsync(HttpContext context, int status, Action<Utf8JsonWriter> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        write(writer);
        writer.WriteEndObject();
        await writer.FlushAsync(context.RequestAborted);
    }
}
