using System.CommandLine;
using Kiln.Cli.Output;
using Kiln.Cli.Views;
using Kiln.Client;

namespace Kiln.Cli.Commands;

/// <summary><c>kiln models list|show|versions|alias|history|lineage|stage|metadata</c>.</summary>
internal static class ModelsCommand
{
    private static readonly CliJsonContext Json = CliJsonContext.Default;

    public static Command Create(CliHost host) => new("models", "Registered models: versions, aliases, stages, history and lineage")
    {
        List(host), Show(host), Versions(host), Alias(host), History(host), Lineage(host), Stage(host), Metadata(host),
    };

    private static Command List(CliHost host)
    {
        var filter = new Option<string?>("--filter") { Description = "MLflow filter, e.g. \"name LIKE 'churn%'\"" };
        var command = new Command("list", "List registered models") { filter };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var models = await context.Client.Models.SearchAllAsync(new RegistrySearch { Filter = context.Value(filter) }, cancellationToken).ToListAsync(cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new RegisteredModelList(models), Json.RegisteredModelList);
            }
            else
            {
                context.Output.Write(ModelViews.Table(models));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Show(CliHost host)
    {
        var name = ModelName();
        var command = new Command("show", "Show a registered model, its aliases and latest versions") { name };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var model = await context.Client.Models.GetAsync(context.Required(name), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(model, Json.RegisteredModel);
            }
            else
            {
                ModelViews.Show(context.Output, model);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Versions(CliHost host)
    {
        var name = ModelName();
        var command = new Command("versions", "List every version of a model, newest first") { name };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            // Fails clearly for an unknown model, where a search would just find nothing.
            await context.Client.Models.GetAsync(context.Required(name), cancellationToken);
            var versions = await context.Client.Models.GetVersionsAsync(context.Required(name), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(new ModelVersionList(versions), Json.ModelVersionList);
            }
            else
            {
                context.Output.Write(ModelViews.Versions(versions));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Alias(CliHost host)
    {
        var setName = ModelName();
        var setAlias = new Argument<string>("alias") { Description = "Alias, e.g. champion" };
        var setVersion = new Argument<string>("version") { Description = "Version the alias points to" };
        var set = new Command("set", "Point an alias at a version (moving it if it exists)") { setName, setAlias, setVersion };
        host.SetAction(set, async (context, cancellationToken) =>
        {
            var (model, alias) = (context.Required(setName), context.Required(setAlias));
            await context.Client.Models.SetAliasAsync(model, alias, context.Required(setVersion), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(await context.Client.Models.GetVersionByAliasAsync(model, alias, cancellationToken), Json.ModelVersion);
            }
            else
            {
                context.Output.Line($"Alias '{alias}' of model '{model}' now points to version {context.Required(setVersion)}.");
            }
            return ExitCodes.Success;
        });

        var deleteName = ModelName();
        var deleteAlias = new Argument<string>("alias") { Description = "Alias to remove" };
        var delete = new Command("delete", "Remove an alias") { deleteName, deleteAlias };
        host.SetAction(delete, async (context, cancellationToken) =>
        {
            var (model, alias) = (context.Required(deleteName), context.Required(deleteAlias));
            await context.Client.Models.DeleteAliasAsync(model, alias, cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(await context.Client.Models.GetAsync(model, cancellationToken), Json.RegisteredModel);
            }
            else
            {
                context.Output.Line($"Removed alias '{alias}' from model '{model}'.");
            }
            return ExitCodes.Success;
        });
        return new Command("alias", "Set or delete model aliases") { set, delete };
    }

    private static Command History(CliHost host)
    {
        var name = ModelName();
        var alias = new Option<string?>("--alias") { Description = "Only this alias's moves" };
        var command = new Command("history", "Every alias move and stage transition of a model, with who and when") { name, alias };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var history = await context.Client.Management.GetHistoryAsync(context.Required(name), context.Value(alias), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(history, Json.ModelHistory);
            }
            else
            {
                context.Output.Write(ModelViews.History(history));
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Lineage(CliHost host)
    {
        var name = ModelName();
        var version = new Argument<string>("version") { Description = "Model version" };
        var command = new Command("lineage", "Where a version came from: run, params, metrics, code, datasets, artifacts") { name, version };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var lineage = await context.Client.Management.GetLineageAsync(context.Required(name), context.Required(version), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(lineage, Json.ModelLineage);
            }
            else
            {
                LineageViews.Show(context.Output, lineage);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Stage(CliHost host)
    {
        var name = ModelName();
        var version = new Argument<string>("version") { Description = "Model version" };
        var stage = new Argument<string>("stage") { Description = "None, Staging, Production or Archived" };
        var archive = new Option<bool>("--archive-existing") { Description = "Archive the versions already in that stage" };
        var command = new Command("stage", "Move a version to a stage") { name, version, stage, archive };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var moved = await context.Client.Models.TransitionStageAsync(context.Required(name), context.Required(version), context.Required(stage), context.Value(archive), cancellationToken);
            if (context.Output.Json)
            {
                context.Output.WriteJson(moved, Json.ModelVersion);
            }
            else
            {
                context.Output.Line($"Model '{moved.Name}' version {moved.Version} is now in stage {moved.CurrentStage}.");
            }
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Metadata(CliHost host)
    {
        var name = ModelName();
        var version = new Argument<string>("version") { Description = "Model version" };
        var command = new Command("metadata", "Print a version's parsed MLmodel (flavors, signature, ...) as JSON") { name, version };
        host.SetAction(command, async (context, cancellationToken) =>
        {
            var metadata = await context.Client.Management.GetVersionMetadataAsync(context.Required(name), context.Required(version), cancellationToken);
            context.Output.WriteJson(metadata, Json.JsonElement);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> ModelName() => new("name") { Description = "Registered model name" };
}
