using Kiln.Core;
using Kiln.Storage.Artifacts;

namespace Kiln.Storage.Tests.Artifacts;

public class ArtifactPathTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("model", "model")]
    [InlineData("a/b/c.txt", "a/b/c.txt")]
    [InlineData("a//b/", "a/b")]
    [InlineData("a/b/", "a/b")]
    [InlineData("dir with space/ünïcode+plus.txt", "dir with space/ünïcode+plus.txt")]
    [InlineData("...", "...")]
    [InlineData("a/..b/c..", "a/..b/c..")]
    [InlineData(".hidden/file", ".hidden/file")]
    public void Normalize_accepts_relative_paths_and_collapses_separators(string? path, string expected)
    {
        Assert.Equal(expected, ArtifactPath.Normalize(path));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../secret")]
    [InlineData("a/../../b")]
    [InlineData("a/..")]
    [InlineData("a/./b")]
    [InlineData(".")]
    public void Normalize_rejects_dot_segments(string path)
    {
        AssertInvalid(path);
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("/")]
    [InlineData("///")]
    [InlineData("C:")]
    [InlineData("C:/Windows/win.ini")]
    [InlineData("c:relative")]
    [InlineData("C:\\Windows")]
    [InlineData("a\\b")]
    [InlineData("..\\..\\x")]
    public void Normalize_rejects_absolute_and_windows_paths(string path)
    {
        AssertInvalid(path);
    }

    [Theory]
    [InlineData("a#b")]
    [InlineData("#")]
    [InlineData("a%23b")]
    [InlineData("a%23")]
    [InlineData("a\u0000b")]
    [InlineData("a/b\nc")]
    [InlineData("tab\there")]
    public void Normalize_rejects_fragments_and_control_characters(string path)
    {
        AssertInvalid(path);
    }

    [Theory]
    [InlineData("", "", "")]
    [InlineData("", "a", "a")]
    [InlineData("a", "", "a")]
    [InlineData("a/b", "c.txt", "a/b/c.txt")]
    public void Combine_joins_with_a_single_separator(string directory, string name, string expected)
    {
        Assert.Equal(expected, ArtifactPath.Combine(directory, name));
    }

    private static void AssertInvalid(string path)
    {
        var error = Assert.Throws<KilnException>(() => ArtifactPath.Normalize(path));
        Assert.Equal(ErrorCode.InvalidParameterValue, error.Code);
    }
}
