namespace Kiln.TestSupport;

/// <summary>Committed test fixtures (tests/fixtures), found from any test's output folder.</summary>
public static class Fixtures
{
    public static string RepositoryRoot { get; } = FindRoot();

    public static string ModelsDirectory => Path.Combine(RepositoryRoot, "tests", "fixtures", "models");

    public static string Model(string name) => Path.Combine(ModelsDirectory, name);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Kiln.slnx")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException("Could not find the repository root (Kiln.slnx) above " + AppContext.BaseDirectory);
    }
}
