using Kiln.Core;
using Kiln.Core.Metrics;
using Kiln.Registry;
using Kiln.Server.Inference;
using Kiln.Server.KilnApi;
using Kiln.Server.Mlflow;
using Kiln.Server.Observability;
using Kiln.Serving;
using Kiln.Serving.Repository;
using Kiln.Storage;
using Kiln.Storage.Artifacts;
using Kiln.Tracking;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kiln.Server.Hosting;

/// <summary>
/// The composition root: reads settings (appsettings.json, <c>KILN_*</c> and <c>Kiln__*</c> environment variables,
/// command-line overrides), opens the stores, and maps every API on one Kestrel server.
/// </summary>
public static class KilnServer
{
    /// <summary>Friendly environment variables, as the README documents them.</summary>
    private static readonly Dictionary<string, string> EnvironmentAliases = new(StringComparer.Ordinal)
    {
        ["KILN_HOST"] = "Kiln:Host",
        ["KILN_PORT"] = "Kiln:Port",
        ["KILN_DATA_DIR"] = "Kiln:DataDir",
        ["KILN_BACKEND_STORE"] = "Kiln:BackendStore",
        ["KILN_ARTIFACTS"] = "Kiln:Artifacts",
        ["KILN_RETENTION_DAYS"] = "Kiln:Retention:DeletedRetentionDays",
    };

    /// <summary>Builds a ready-to-run server. <paramref name="overrides"/> (for example from command-line options) win over all other settings.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args, IReadOnlyDictionary<string, string?>? overrides = null, Action<ILoggingBuilder>? logging = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        builder.Configuration.AddInMemoryCollection(EnvironmentAliases
            .Select(a => KeyValuePair.Create(a.Value, Environment.GetEnvironmentVariable(a.Key)))
            .Where(a => !string.IsNullOrEmpty(a.Value)));
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        logging?.Invoke(builder.Logging);

        builder.Services.AddOptions<KilnServerOptions>().BindConfiguration(KilnServerOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<KilnServerOptions>, KilnServerOptionsValidator>();
        builder.Services.AddOptions<TrackingOptions>().BindConfiguration(TrackingOptions.Section);
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section);
        var options = builder.Configuration.GetSection(KilnServerOptions.Section).Get<KilnServerOptions>() ?? new KilnServerOptions();
        var failures = new KilnServerOptionsValidator().Validate(null, options);
        if (failures.Failed)
        {
            throw new OptionsValidationException(KilnServerOptions.Section, typeof(KilnServerOptions), failures.Failures);
        }
        var serving = builder.Configuration.GetSection(ServingOptions.Section).Get<ServingOptions>() ?? new ServingOptions();
        var servingFailures = new ServingOptionsValidator().Validate(null, serving);
        if (servingFailures.Failed)
        {
            throw new OptionsValidationException(ServingOptions.Section, typeof(ServingOptions), servingFailures.Failures);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxJsonBodyBytes;
            kestrel.AddServerHeader = false;
            kestrel.Listen(System.Net.IPAddress.Parse(options.Host == "localhost" ? "127.0.0.1" : options.Host), options.Port);
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, KilnJsonContext.Default);
            json.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.SnakeCaseLower;
        });

        var metrics = new MetricsRegistry();
        var loggerFactory = LoggerFactory.Create(l => logging?.Invoke(l));
        var store = await MetadataStore.OpenAsync(options.ResolvedBackendStore, loggerFactory, TimeProvider.System, cancellationToken);
        store.Database.UseMetrics(metrics);
        var artifacts = ArtifactStoreFactory.Create(options.ResolvedArtifacts, builder.Configuration.GetSection("Kiln:ArtifactStore").Get<ArtifactStoreOptions>(), loggerFactory);

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(store.Tracking);
        builder.Services.AddSingleton(store.Registry);
        builder.Services.AddSingleton(artifacts);
        builder.Services.AddSingleton(new UploadUrlSigner(UploadUrlSigner.LoadOrCreateKey(builder.Configuration["Kiln:UploadSigningKey"], options.DataDir), TimeProvider.System));
        builder.Services.AddSingleton<TrackingService>();
        builder.Services.AddSingleton<Retention>();
        builder.Services.AddSingleton<ModelSourceResolver>();
        builder.Services.AddSingleton<ModelRegistration>();
        builder.Services.AddSingleton<RegistryService>();
        builder.Services.AddSingleton<HttpMetrics>();
        builder.Services.AddSingleton(serving);
        builder.Services.AddSingleton(new InferenceMetrics(metrics));
        builder.Services.AddSingleton(services => new ModelLoader(
            artifacts, services.GetRequiredService<InferenceMetrics>(),
            string.IsNullOrWhiteSpace(serving.CacheDir) ? Path.Combine(options.DataDir, "model-cache") : serving.CacheDir,
            services.GetRequiredService<ILogger<ModelLoader>>()));
        builder.Services.AddSingleton<ModelRepository>();
        builder.Services.AddHostedService<RetentionWorker>();

        var app = builder.Build();
        await app.Services.GetRequiredService<TrackingService>().EnsureDefaultExperimentAsync(cancellationToken);
        app.Lifetime.ApplicationStopped.Register(() => store.DisposeAsync().AsTask().GetAwaiter().GetResult());

        app.UseMiddleware<HttpMetrics>();
        app.UseMlflowNotFound();
        app.MapServerApi(metrics);
        app.MapMlflowApi();
        app.MapKilnManagementApi();
        if (serving.Enabled)
        {
            // Requests in flight finish on the sessions they hold: the repository is disposed with the host, after Kestrel drains.
            var repository = app.Services.GetRequiredService<ModelRepository>();
            app.MapInferenceApi(repository, serving);
            app.MapMlflowScoringApi(repository, serving);
            app.Lifetime.ApplicationStarted.Register(repository.Start);
        }
        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Kiln.Server"), KilnVersion.Current, string.Join(", ", Addresses(app)),
            store.Database.Backend.ToString(), artifacts.RootUri));
        return app;
    }

    /// <summary>The addresses the server listens on once started (port 0 resolved).</summary>
    public static IReadOnlyList<string> Addresses(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.ToList() ?? [];
}
