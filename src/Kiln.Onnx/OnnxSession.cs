using Kiln.Onnx.Native;

namespace Kiln.Onnx;

/// <summary>
/// A loaded ONNX model. Thread-safe: any number of threads may call Run at once. Dispose when done;
/// a Run in progress keeps the native session alive until it returns.
/// </summary>
public sealed unsafe partial class OnnxSession : IDisposable
{
    private readonly OrtSessionHandle _handle;
    private readonly Dictionary<string, int> _inputIndexByName;
    private readonly Dictionary<string, int> _outputIndexByName;
    private readonly Lazy<OnnxModelMetadata> _metadata;

    private OnnxSession(OrtSessionHandle handle)
    {
        _handle = handle;
        Inputs = ReadValueInfos(handle, isInput: true);
        Outputs = ReadValueInfos(handle, isInput: false);
        _inputIndexByName = IndexByName(Inputs);
        _outputIndexByName = IndexByName(Outputs);
        handle.InputNames = new NativeNameTable(Names(Inputs));
        handle.OutputNames = new NativeNameTable(Names(Outputs));
        _metadata = new Lazy<OnnxModelMetadata>(() => ModelMetadataReader.Read(_handle));
    }

    public IReadOnlyList<OnnxValueInfo> Inputs { get; }

    public IReadOnlyList<OnnxValueInfo> Outputs { get; }

    public OnnxModelMetadata Metadata => _metadata.Value;

    /// <summary>Loads a model from an .onnx file.</summary>
    public static OnnxSession Open(string modelPath, OnnxSessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelPath);
        var environment = OrtEnvironment.Handle;
        using var nativeOptions = (options ?? new OnnxSessionOptions()).CreateNative();
        nint session;
        fixed (byte* path = OrtMemory.ToUtf8Z(modelPath))
        {
            OrtStatus.Check(OrtApi.CreateSession(environment, path, nativeOptions.DangerousGetHandle(), &session));
        }

        return Wrap(session);
    }

    /// <summary>Loads a model from the bytes of an .onnx file (ORT copies what it needs).</summary>
    public static OnnxSession FromBytes(ReadOnlySpan<byte> model, OnnxSessionOptions? options = null)
    {
        var environment = OrtEnvironment.Handle;
        using var nativeOptions = (options ?? new OnnxSessionOptions()).CreateNative();
        nint session;
        fixed (byte* data = model)
        {
            OrtStatus.Check(OrtApi.CreateSessionFromArray(environment, data, (nuint)model.Length, nativeOptions.DangerousGetHandle(), &session));
        }

        return Wrap(session);
    }

    /// <summary>Position of the input with this name; throws <see cref="ArgumentException"/> if there is none.</summary>
    public int GetInputIndex(string name)
        => _inputIndexByName.TryGetValue(name, out var index) ? index : throw new ArgumentException($"The model has no input named '{name}'.", nameof(name));

    /// <summary>Position of the output with this name; throws <see cref="ArgumentException"/> if there is none.</summary>
    public int GetOutputIndex(string name)
        => _outputIndexByName.TryGetValue(name, out var index) ? index : throw new ArgumentException($"The model has no output named '{name}'.", nameof(name));

    public void Dispose() => _handle.Dispose();

    private static OnnxSession Wrap(nint session)
    {
        var handle = new OrtSessionHandle(session);
        try
        {
            return new OnnxSession(handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private static OnnxValueInfo[] ReadValueInfos(OrtSessionHandle handle, bool isInput)
    {
        var session = handle.DangerousGetHandle();
        nuint count;
        OrtStatus.Check(isInput ? OrtApi.SessionGetInputCount(session, &count) : OrtApi.SessionGetOutputCount(session, &count));
        var infos = new OnnxValueInfo[(int)count];
        for (nuint i = 0; i < count; i++)
        {
            byte* name;
            nint typeInfo;
            OrtStatus.Check(isInput
                ? OrtApi.SessionGetInputName(session, i, OrtMemory.DefaultAllocator, &name)
                : OrtApi.SessionGetOutputName(session, i, OrtMemory.DefaultAllocator, &name));
            var managedName = OrtMemory.TakeString(name);
            OrtStatus.Check(isInput
                ? OrtApi.SessionGetInputTypeInfo(session, i, &typeInfo)
                : OrtApi.SessionGetOutputTypeInfo(session, i, &typeInfo));
            infos[i] = new OnnxValueInfo((int)i, managedName, TypeInfoReader.ReadAndRelease(typeInfo));
        }

        return infos;
    }

    private static Dictionary<string, int> IndexByName(IReadOnlyList<OnnxValueInfo> infos)
    {
        var map = new Dictionary<string, int>(infos.Count, StringComparer.Ordinal);
        foreach (var info in infos)
        {
            map[info.Name] = info.Index;
        }

        return map;
    }

    private static string[] Names(IReadOnlyList<OnnxValueInfo> infos)
    {
        var names = new string[infos.Count];
        for (var i = 0; i < names.Length; i++)
        {
            names[i] = infos[i].Name;
        }

        return names;
    }
}
