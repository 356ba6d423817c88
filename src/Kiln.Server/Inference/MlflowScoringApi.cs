using System.Diagnostics;
using Kiln.Core;
using Kiln.Serving;
using Kiln.Serving.Codecs;
using Kiln.Serving.Repository;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.Inference;

/// <summary>
/// MLflow's scoring protocol, as <c>mlflow models serve</c> answers it: <c>POST /invocations</c> for the default model
/// and <c>POST /v2/models/{name}[/versions/{v}]/invocations</c> per model, <c>GET /ping</c>. Bodies are
/// <c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c> or <c>inputs</c>; answers <c>{"predictions": …}</c>;
/// errors are MLflow's <c>{"error_code", "message"}</c>.
/// </summary>
public static class MlflowScoringApi
{
    public static IEndpointRouteBuilder MapMlflowScoringApi(this IEndpointRouteBuilder app, ModelRepository repository, ServingOptions options)
    {
        app.MapGet("/ping", context =>
        {
            context.Response.StatusCode = repository.IsReady ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
            return context.Response.WriteAsync("\n");
        });
        app.MapPost("/invocations", context => ScoreAsync(context, repository, options, DefaultModel(repository, options)));
        app.MapPost("/v2/models/{name}/invocations", context => ScoreAsync(context, repository, options, null));
        app.MapPost("/v2/models/{name}/versions/{version}/invocations", context => ScoreAsync(context, repository, options, null));
        return app;
    }

    private static async Task ScoreAsync(HttpContext context, ModelRepository repository, ServingOptions options, Func<string>? defaultModel)
    {
        var started = Stopwatch.GetTimestamp();
        ModelLease lease = default;
        var inferring = false;
        try
        {
            CheckContentType(context.Request.ContentType);
            var name = defaultModel is null ? InferenceRoutes.ModelName(context) : defaultModel();
            lease = await repository.AcquireAsync(name, defaultModel is null ? InferenceRoutes.Version(context) : null, context.RequestAborted);
            var model = lease.Model;
            context.Response.Headers[InferenceRoutes.ModelVersionHeader] = model.VersionText;
            using var body = await InferenceBody.ReadAsync(context, options.MaxRequestBytes);
            using var request = MlflowScoringReader.Read(body.Span, model.Schema);
            inferring = true;
            using var response = await model.InferAsync(request, context.RequestAborted);
            using var output = new PooledBufferWriter();
            MlflowScoringWriter.Write(response, output);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = output.WrittenCount;
            await context.Response.BodyWriter.WriteAsync(output.WrittenMemory, context.RequestAborted);
            model.Metrics.Succeeded(started);
        }
        catch (Exception ex) when (!context.Response.HasStarted)
        {
            if (!inferring && lease.Model is { } model && ex is KilnException { Code: ErrorCode.InvalidParameterValue or ErrorCode.BadRequest or ErrorCode.PayloadTooLarge })
            {
                model.Metrics.Failed(FailureReason.InvalidInput);
            }
            await InferenceErrors.WriteMlflowAsync(context, ex);
        }
        finally
        {
            lease.Dispose();
        }
    }

    private static Func<string> DefaultModel(ModelRepository repository, ServingOptions options) => () =>
    {
        if (!string.IsNullOrEmpty(options.DefaultModel))
        {
            return options.DefaultModel;
        }
        var served = repository.ServedModelNames;
        return served.Count switch
        {
            1 => served[0],
            0 => throw KilnException.NotFound("No model is served yet, so /invocations has nothing to score."),
            _ => throw KilnException.BadRequest(
                $"Several models are served ({string.Join(", ", served)}); set Kiln:Serving:DefaultModel or post to /v2/models/{{name}}/invocations."),
        };
    };

    private static void CheckContentType(string? contentType)
    {
        var mediaType = contentType?.Split(';', 2)[0].Trim();
        if (!string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase))
        {
            throw KilnException.BadRequest($"This predictor only supports the following content types: ['application/json']. Got '{contentType}'.");
        }
    }
}
