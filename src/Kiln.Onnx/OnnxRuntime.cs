using System.Runtime.InteropServices;
using Kiln.Onnx.Native;

namespace Kiln.Onnx;

/// <summary>Process-wide facts and settings of the loaded ONNX Runtime library.</summary>
public static unsafe class OnnxRuntime
{
    /// <summary>Environment variable naming a libonnxruntime.so to load instead of the one next to the app.</summary>
    public const string LibraryPathVariable = "KILN_ONNXRUNTIME_PATH";

    private static OnnxLogLevel _logLevel = OnnxLogLevel.Warning;
    private static string _logId = "kiln";

    /// <summary>The path the native library is (or will be) loaded from.</summary>
    public static string LibraryPath => OrtLibrary.ResolvePath();

    /// <summary>ORT's version string, e.g. "1.30.0".</summary>
    public static string Version
    {
        get
        {
            OrtLibrary.EnsureLoaded();
            return Marshal.PtrToStringUTF8((nint)OrtApi.GetVersionString()) ?? string.Empty;
        }
    }

    /// <summary>ORT's build description (git commit, build options).</summary>
    public static string BuildInfo
    {
        get
        {
            OrtLibrary.EnsureLoaded();
            return Marshal.PtrToStringUTF8((nint)OrtApi.GetBuildInfoString()) ?? string.Empty;
        }
    }

    /// <summary>Minimum severity ORT logs (to stderr). Settable until the first session is created.</summary>
    public static OnnxLogLevel LogLevel
    {
        get => _logLevel;
        set
        {
            ThrowIfEnvironmentCreated();
            _logLevel = value;
        }
    }

    /// <summary>Identifier ORT prefixes its log lines with. Settable until the first session is created.</summary>
    public static string LogId
    {
        get => _logId;
        set
        {
            ArgumentException.ThrowIfNullOrEmpty(value);
            ThrowIfEnvironmentCreated();
            _logId = value;
        }
    }

    /// <summary>Loads the native library now rather than on first use; throws if it cannot be loaded.</summary>
    public static void Load() => OrtLibrary.EnsureLoaded();

    /// <summary>Creates the process-wide ORT environment now rather than with the first session.</summary>
    public static void InitializeEnvironment() => _ = OrtEnvironment.Handle;

    private static void ThrowIfEnvironmentCreated()
    {
        if (OrtEnvironment.IsCreated)
        {
            throw new InvalidOperationException("The ONNX Runtime environment already exists; set logging before creating the first session.");
        }
    }
}
