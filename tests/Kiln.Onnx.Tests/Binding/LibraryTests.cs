using Kiln.Onnx.Native;

namespace Kiln.Onnx.Tests.Binding;

public class LibraryTests
{
    [Fact]
    public void Loads_the_pinned_library_from_the_app_directory()
    {
        Assert.Equal("1.30.0", OnnxRuntime.Version);
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so.1"), OnnxRuntime.LibraryPath);
    }

    [Fact]
    public void Library_path_can_be_overridden_by_environment_variable()
    {
        // Point at the same file through another spelling, so whichever test loads the library first still succeeds.
        var alternative = Path.Combine(AppContext.BaseDirectory, ".", "libonnxruntime.so.1");
        var previous = Environment.GetEnvironmentVariable(OnnxRuntime.LibraryPathVariable);
        Environment.SetEnvironmentVariable(OnnxRuntime.LibraryPathVariable, alternative);
        try
        {
            Assert.Equal(alternative, OnnxRuntime.LibraryPath);
        }
        finally
        {
            Environment.SetEnvironmentVariable(OnnxRuntime.LibraryPathVariable, previous);
        }

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "libonnxruntime.so.1"), OnnxRuntime.LibraryPath);
    }

    [Fact]
    public void Function_table_positions_behave_as_expected()
    {
        // Slot 254 (GetBuildInfoString) is near the end of the table this binding uses: a wrong table would not answer this.
        Assert.StartsWith("ORT Build Info", OnnxRuntime.BuildInfo, StringComparison.Ordinal);

        // Slots 3 (CreateEnv), 8 (CreateSessionFromArray), 1/2 (GetErrorCode/Message), 93 (ReleaseStatus).
        var error = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.FromBytes([1, 2, 3, 4, 5]));
        Assert.Equal(OrtErrorCode.InvalidProtobuf, error.Code);

        // Slots 7 (CreateSession) with a missing file.
        var missing = Assert.Throws<OnnxRuntimeException>(() => OnnxSession.Open("/nonexistent/model.onnx"));
        Assert.Equal(OrtErrorCode.NoSuchFile, missing.Code);
        Assert.Contains("/nonexistent/model.onnx", missing.OrtMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Requested_api_version_is_served()
    {
        Assert.Equal(14u, OrtLibrary.ApiVersion);
        unsafe
        {
            Assert.True(OrtLibrary.ApiTable != null);
        }
    }
}
