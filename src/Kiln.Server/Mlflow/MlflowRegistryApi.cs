using Kiln.Registry;
using Kiln.Server.Hosting;
using Kiln.Storage.Entities;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kiln.Server.Mlflow;

/// <summary>MLflow's model registry REST API: registered models, versions, stages, tags, aliases.</summary>
internal static class MlflowRegistryApi
{
    public static void Map(RouteGroupBuilder group, RegistryService registry, long maxBody)
    {
        RequestDelegate H(Func<HttpContext, MlflowRequest, Task> handler) => MlflowEndpoint.Handle(maxBody, handler);

        group.MapPost("/registered-models/create", H(async (context, request) =>
        {
            var model = await registry.CreateRegisteredModelAsync(request.RequiredString("name"), MlflowTrackingApi.ReadTags(request, "tags"), request.String("description"),
                RequestActor.From(context).User, context.RequestAborted);
            await WriteModelAsync(context, model);
        }));
        group.MapGet("/registered-models/get", H(async (context, request) =>
            await WriteModelAsync(context, await registry.GetRegisteredModelAsync(request.RequiredString("name"), context.RequestAborted))));
        group.MapPost("/registered-models/rename", H(async (context, request) =>
            await WriteModelAsync(context, await registry.RenameRegisteredModelAsync(request.RequiredString("name"), request.RequiredString("new_name"), context.RequestAborted))));
        group.MapPatch("/registered-models/update", H(async (context, request) =>
            await WriteModelAsync(context, await registry.UpdateRegisteredModelAsync(request.RequiredString("name"), request.String("description"), context.RequestAborted))));
        group.MapDelete("/registered-models/delete", H(async (context, request) =>
        {
            await registry.DeleteRegisteredModelAsync(request.RequiredString("name"), RequestActor.From(context), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapGet("/registered-models/search", H(async (context, request) =>
        {
            var page = await registry.SearchRegisteredModelsAsync(request.String("filter"), request.Int32("max_results"), request.Strings("order_by"), request.String("page_token"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                if (page.Items.Count > 0)
                {
                    w.WriteStartArray("registered_models");
                    foreach (var model in page.Items)
                    {
                        MlflowJson.RegisteredModel(w, model);
                    }
                    w.WriteEndArray();
                }
                MlflowTrackingApi.WriteToken(w, page.NextPageToken);
            });
        }));
        group.MapMethods("/registered-models/get-latest-versions", [HttpMethods.Post, HttpMethods.Get], H(async (context, request) =>
            await WriteVersionsAsync(context, await registry.GetLatestVersionsAsync(request.RequiredString("name"), request.Strings("stages"), context.RequestAborted))));
        group.MapPost("/registered-models/set-tag", H(async (context, request) =>
        {
            await registry.SetRegisteredModelTagAsync(request.RequiredString("name"), new KeyValue(request.RequiredString("key"), request.String("value") ?? string.Empty), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapDelete("/registered-models/delete-tag", H(async (context, request) =>
        {
            await registry.DeleteRegisteredModelTagAsync(request.RequiredString("name"), request.RequiredString("key"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapPost("/registered-models/alias", H(async (context, request) =>
        {
            await registry.SetAliasAsync(request.RequiredString("name"), request.RequiredString("alias"), request.RequiredString("version"), RequestActor.From(context), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapDelete("/registered-models/alias", H(async (context, request) =>
        {
            await registry.DeleteAliasAsync(request.RequiredString("name"), request.RequiredString("alias"), RequestActor.From(context), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapGet("/registered-models/alias", H(async (context, request) =>
            await WriteVersionAsync(context, await registry.GetModelVersionByAliasAsync(request.RequiredString("name"), request.RequiredString("alias"), context.RequestAborted))));

        group.MapPost("/model-versions/create", H(async (context, request) =>
        {
            var version = await registry.CreateModelVersionAsync(
                request.RequiredString("name"), request.RequiredString("source"), request.String("run_id"), MlflowTrackingApi.ReadTags(request, "tags"),
                request.String("run_link"), request.String("description"), RequestActor.From(context).User, context.RequestAborted);
            await WriteVersionAsync(context, version);
        }));
        group.MapGet("/model-versions/get", H(async (context, request) =>
            await WriteVersionAsync(context, await registry.GetModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"), context.RequestAborted))));
        group.MapPatch("/model-versions/update", H(async (context, request) =>
            await WriteVersionAsync(context, await registry.UpdateModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"), request.String("description"), context.RequestAborted))));
        group.MapDelete("/model-versions/delete", H(async (context, request) =>
        {
            await registry.DeleteModelVersionAsync(request.RequiredString("name"), request.RequiredString("version"), RequestActor.From(context), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapGet("/model-versions/search", H(async (context, request) =>
        {
            var page = await registry.SearchModelVersionsAsync(request.String("filter"), request.Int32("max_results"), request.Strings("order_by"), request.String("page_token"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w =>
            {
                if (page.Items.Count > 0)
                {
                    w.WriteStartArray("model_versions");
                    foreach (var version in page.Items)
                    {
                        MlflowJson.ModelVersion(w, version);
                    }
                    w.WriteEndArray();
                }
                MlflowTrackingApi.WriteToken(w, page.NextPageToken);
            });
        }));
        group.MapPost("/model-versions/transition-stage", H(async (context, request) =>
            await WriteVersionAsync(context, await registry.TransitionStageAsync(
                request.RequiredString("name"), request.RequiredString("version"), request.RequiredString("stage"), request.Bool("archive_existing_versions") ?? false,
                RequestActor.From(context), context.RequestAborted))));
        group.MapGet("/model-versions/get-download-uri", H(async (context, request) =>
        {
            var uri = await registry.GetDownloadUriAsync(request.RequiredString("name"), request.RequiredString("version"), context.RequestAborted);
            await MlflowEndpoint.WriteAsync(context, w => w.WriteString("artifact_uri", uri));
        }));
        group.MapPost("/model-versions/set-tag", H(async (context, request) =>
        {
            await registry.SetModelVersionTagAsync(request.RequiredString("name"), request.RequiredString("version"),
                new KeyValue(request.RequiredString("key"), request.String("value") ?? string.Empty), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
        group.MapDelete("/model-versions/delete-tag", H(async (context, request) =>
        {
            await registry.DeleteModelVersionTagAsync(request.RequiredString("name"), request.RequiredString("version"), request.RequiredString("key"), context.RequestAborted);
            await MlflowEndpoint.EmptyAsync(context);
        }));
    }

    private static Task WriteModelAsync(HttpContext context, RegisteredModel model) =>
        MlflowEndpoint.WriteAsync(context, w =>
        {
            w.WritePropertyName("registered_model");
            MlflowJson.RegisteredModel(w, model);
        });

    private static Task WriteVersionAsync(HttpContext context, ModelVersion version) =>
        MlflowEndpoint.WriteAsync(context, w =>
        {
            w.WritePropertyName("model_version");
            MlflowJson.ModelVersion(w, version);
        });

    private static Task WriteVersionsAsync(HttpContext context, IReadOnlyList<ModelVersion> versions) =>
        MlflowEndpoint.WriteAsync(context, w =>
        {
            if (versions.Count == 0)
            {
                return;
            }
            w.WriteStartArray("model_versions");
            foreach (var version in versions)
            {
                MlflowJson.ModelVersion(w, version);
            }
            w.WriteEndArray();
        });
}
