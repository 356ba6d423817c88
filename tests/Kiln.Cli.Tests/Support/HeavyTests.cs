namespace Kiln.Cli.Tests.Support;

/// <summary>Tests that load the machine (server processes, thousands of writes) run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeavyTests
{
    public const string Name = "Heavy";
}
