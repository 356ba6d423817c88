using System.Runtime.InteropServices;

namespace Kiln.Onnx.Native;

/// <summary>Loads libonnxruntime once per process and hands out its C API function table.</summary>
internal static unsafe class OrtLibrary
{
    public const string FileName = "libonnxruntime.so.1";

    /// <summary>
    /// The OrtApi version requested from the library: the lowest one that has every function this binding uses
    /// (the optional-type functions arrived with API 14).
    /// </summary>
    public const uint ApiVersion = 14;

    private static readonly Lock LoadLock = new();
    private static nint _apiBase;
    private static nint _apiTableAddress;
    private static string? _loadedPath;

    public static string LoadedPath
    {
        get
        {
            EnsureLoaded();
            return _loadedPath!;
        }
    }

    public static nint* ApiTable
    {
        get
        {
            EnsureLoaded();
            return (nint*)_apiTableAddress;
        }
    }

    /// <summary>The OrtApiBase struct: { GetApi, GetVersionString }.</summary>
    public static nint* ApiBase
    {
        get
        {
            EnsureLoaded();
            return (nint*)_apiBase;
        }
    }

    public static void EnsureLoaded()
    {
        if (Volatile.Read(ref _apiTableAddress) != 0)
        {
            return;
        }

        lock (LoadLock)
        {
            if (_apiTableAddress == 0)
            {
                Load();
            }
        }
    }

    public static string ResolvePath()
    {
        var overridePath = Environment.GetEnvironmentVariable(OnnxRuntime.LibraryPathVariable);
        return string.IsNullOrWhiteSpace(overridePath)
            ? Path.Combine(AppContext.BaseDirectory, FileName)
            : overridePath;
    }

    private static void Load()
    {
        var path = ResolvePath();
        if (!NativeLibrary.TryLoad(path, out var library))
        {
            throw new DllNotFoundException(
                $"Could not load the ONNX Runtime native library from '{path}'. Build Kiln.Onnx (it fetches the pinned "
                + $"library with scripts/fetch-onnxruntime.sh) or point {OnnxRuntime.LibraryPathVariable} at a libonnxruntime.so.");
        }

        var getApiBase = (delegate* unmanaged[Cdecl]<nint>)NativeLibrary.GetExport(library, "OrtGetApiBase");
        var apiBase = getApiBase();
        var getApi = (delegate* unmanaged[Cdecl]<uint, nint*>)((nint*)apiBase)[0];
        var table = getApi(ApiVersion);
        if (table == null)
        {
            throw new OnnxRuntimeException(
                OrtErrorCode.Fail,
                $"The ONNX Runtime library at '{path}' does not provide C API version {ApiVersion}.");
        }

        _apiBase = apiBase;
        _loadedPath = path;
        Volatile.Write(ref _apiTableAddress, (nint)table);
    }
}
