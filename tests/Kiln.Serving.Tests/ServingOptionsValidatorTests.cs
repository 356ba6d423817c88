namespace Kiln.Serving.Tests;

public sealed class ServingOptionsValidatorTests
{
    [Fact]
    public void Every_bad_key_is_reported_by_name()
    {
        var options = new ServingOptions
        {
            MaxLoadedModels = -1,
            RegistryPollInterval = TimeSpan.Zero,
            IntraOpThreads = -2,
            Models =
            [
                new ServedModelOptions { Model = "", Version = 3, Alias = "x", Batching = new BatchingOptions { MaxBatchSize = 0, MaxQueueSize = 0 } },
            ],
        };
        var result = new ServingOptionsValidator().Validate(null, options);
        Assert.True(result.Failed);
        var text = string.Join("\n", result.Failures!);
        foreach (var key in new[] { "Kiln:Serving:MaxLoadedModels", "Kiln:Serving:RegistryPollInterval", "Kiln:Serving:IntraOpThreads", "Kiln:Serving:Models:0:Model",
            "Kiln:Serving:Models:0: set Version or Alias", "Kiln:Serving:Models:0:Batching:MaxBatchSize", "Kiln:Serving:Models:0:Batching:MaxQueueSize" })
        {
            Assert.Contains(key, text, StringComparison.Ordinal);
        }
        Assert.True(new ServingOptionsValidator().Validate(null, new ServingOptions()).Succeeded);
    }
}
