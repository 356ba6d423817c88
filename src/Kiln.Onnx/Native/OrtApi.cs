namespace Kiln.Onnx.Native;

/// <summary>
/// Typed function pointers into the OrtApi table. Positions are slots of <c>struct OrtApi</c> in
/// onnxruntime_c_api.h; the table only ever grows at its end, so they are stable across releases.
/// Opaque ORT objects are passed as <see cref="nint"/>; a non-zero <c>nint</c> return is an <c>OrtStatus*</c> error.
/// </summary>
internal static unsafe class OrtApi
{
    private static readonly nint* Table = OrtLibrary.ApiTable;

    // Errors
    public static readonly delegate* unmanaged[Cdecl]<nint, OrtErrorCode> GetErrorCode = (delegate* unmanaged[Cdecl]<nint, OrtErrorCode>)Table[1];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte*> GetErrorMessage = (delegate* unmanaged[Cdecl]<nint, byte*>)Table[2];

    // Environment and sessions
    public static readonly delegate* unmanaged[Cdecl]<OnnxLogLevel, byte*, nint*, nint> CreateEnv = (delegate* unmanaged[Cdecl]<OnnxLogLevel, byte*, nint*, nint>)Table[3];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint> CreateSession = (delegate* unmanaged[Cdecl]<nint, byte*, nint, nint*, nint>)Table[7];
    public static readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint> CreateSessionFromArray = (delegate* unmanaged[Cdecl]<nint, void*, nuint, nint, nint*, nint>)Table[8];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint> Run = (delegate* unmanaged[Cdecl]<nint, nint, nint*, nint*, nuint, nint*, nuint, nint*, nint>)Table[9];

    // Session options
    public static readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateSessionOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)Table[10];
    public static readonly delegate* unmanaged[Cdecl]<nint, OnnxExecutionMode, nint> SetSessionExecutionMode = (delegate* unmanaged[Cdecl]<nint, OnnxExecutionMode, nint>)Table[13];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint> EnableMemPattern = (delegate* unmanaged[Cdecl]<nint, nint>)Table[16];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint> DisableMemPattern = (delegate* unmanaged[Cdecl]<nint, nint>)Table[17];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint> EnableCpuMemArena = (delegate* unmanaged[Cdecl]<nint, nint>)Table[18];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint> DisableCpuMemArena = (delegate* unmanaged[Cdecl]<nint, nint>)Table[19];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte*, nint> SetSessionLogId = (delegate* unmanaged[Cdecl]<nint, byte*, nint>)Table[20];
    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetSessionLogSeverityLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)Table[22];
    public static readonly delegate* unmanaged[Cdecl]<nint, OnnxGraphOptimizationLevel, nint> SetSessionGraphOptimizationLevel = (delegate* unmanaged[Cdecl]<nint, OnnxGraphOptimizationLevel, nint>)Table[23];
    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetIntraOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)Table[24];
    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> SetInterOpNumThreads = (delegate* unmanaged[Cdecl]<nint, int, nint>)Table[25];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint> AddSessionConfigEntry = (delegate* unmanaged[Cdecl]<nint, byte*, byte*, nint>)Table[130];

    // Session introspection
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetInputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[30];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> SessionGetOutputCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[31];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetInputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)Table[33];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint> SessionGetOutputTypeInfo = (delegate* unmanaged[Cdecl]<nint, nuint, nint*, nint>)Table[34];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetInputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)Table[36];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint> SessionGetOutputName = (delegate* unmanaged[Cdecl]<nint, nuint, nint, byte**, nint>)Table[37];

    // Run options
    public static readonly delegate* unmanaged[Cdecl]<nint*, nint> CreateRunOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)Table[39];
    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint> RunOptionsSetRunLogSeverityLevel = (delegate* unmanaged[Cdecl]<nint, int, nint>)Table[41];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte*, nint> RunOptionsSetRunTag = (delegate* unmanaged[Cdecl]<nint, byte*, nint>)Table[42];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint> RunOptionsSetTerminate = (delegate* unmanaged[Cdecl]<nint, nint>)Table[46];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint> RunOptionsUnsetTerminate = (delegate* unmanaged[Cdecl]<nint, nint>)Table[47];

    // Values and tensors
    public static readonly delegate* unmanaged[Cdecl]<nint, long*, nuint, OnnxElementType, nint*, nint> CreateTensorAsOrtValue = (delegate* unmanaged[Cdecl]<nint, long*, nuint, OnnxElementType, nint*, nint>)Table[48];
    public static readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, OnnxElementType, nint*, nint> CreateTensorWithDataAsOrtValue = (delegate* unmanaged[Cdecl]<nint, void*, nuint, long*, nuint, OnnxElementType, nint*, nint>)Table[49];
    public static readonly delegate* unmanaged[Cdecl]<nint, void**, nint> GetTensorMutableData = (delegate* unmanaged[Cdecl]<nint, void**, nint>)Table[51];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint> FillStringTensor = (delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint>)Table[52];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetStringTensorDataLength = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[53];
    public static readonly delegate* unmanaged[Cdecl]<nint, void*, nuint, nuint*, nuint, nint> GetStringTensorContent = (delegate* unmanaged[Cdecl]<nint, void*, nuint, nuint*, nuint, nint>)Table[54];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, nuint*, nint> GetStringTensorElementLength = (delegate* unmanaged[Cdecl]<nint, nuint, nuint*, nint>)Table[127];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint, nuint, void*, nint> GetStringTensorElement = (delegate* unmanaged[Cdecl]<nint, nuint, nuint, void*, nint>)Table[128];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTensorTypeAndShape = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[65];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[66];
    public static readonly delegate* unmanaged[Cdecl]<nint, OnnxValueKind*, nint> GetValueType = (delegate* unmanaged[Cdecl]<nint, OnnxValueKind*, nint>)Table[67];
    public static readonly delegate* unmanaged[Cdecl]<nint, int, nint, nint*, nint> GetValue = (delegate* unmanaged[Cdecl]<nint, int, nint, nint*, nint>)Table[80];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetValueCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[81];
    public static readonly delegate* unmanaged[Cdecl]<nint*, nuint, OnnxValueKind, nint*, nint> CreateValue = (delegate* unmanaged[Cdecl]<nint*, nuint, OnnxValueKind, nint*, nint>)Table[82];
    public static readonly delegate* unmanaged[Cdecl]<nint, int*, nint> HasValue = (delegate* unmanaged[Cdecl]<nint, int*, nint>)Table[192];

    // Type information
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToTensorInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[55];
    public static readonly delegate* unmanaged[Cdecl]<nint, OnnxValueKind*, nint> GetOnnxTypeFromTypeInfo = (delegate* unmanaged[Cdecl]<nint, OnnxValueKind*, nint>)Table[56];
    public static readonly delegate* unmanaged[Cdecl]<nint, OnnxElementType*, nint> GetTensorElementType = (delegate* unmanaged[Cdecl]<nint, OnnxElementType*, nint>)Table[60];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetDimensionsCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[61];
    public static readonly delegate* unmanaged[Cdecl]<nint, long*, nuint, nint> GetDimensions = (delegate* unmanaged[Cdecl]<nint, long*, nuint, nint>)Table[62];
    public static readonly delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint> GetSymbolicDimensions = (delegate* unmanaged[Cdecl]<nint, byte**, nuint, nint>)Table[63];
    public static readonly delegate* unmanaged[Cdecl]<nint, nuint*, nint> GetTensorShapeElementCount = (delegate* unmanaged[Cdecl]<nint, nuint*, nint>)Table[64];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToMapTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[103];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToSequenceTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[104];
    public static readonly delegate* unmanaged[Cdecl]<nint, OnnxElementType*, nint> GetMapKeyType = (delegate* unmanaged[Cdecl]<nint, OnnxElementType*, nint>)Table[105];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetMapValueType = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[106];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetSequenceElementType = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[107];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> CastTypeInfoToOptionalTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[250];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> GetOptionalContainedTypeInfo = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[251];

    // Memory
    public static readonly delegate* unmanaged[Cdecl]<int, int, nint*, nint> CreateCpuMemoryInfo = (delegate* unmanaged[Cdecl]<int, int, nint*, nint>)Table[69];
    public static readonly delegate* unmanaged[Cdecl]<nint, void*, nint> AllocatorFree = (delegate* unmanaged[Cdecl]<nint, void*, nint>)Table[76];
    public static readonly delegate* unmanaged[Cdecl]<nint*, nint> GetAllocatorWithDefaultOptions = (delegate* unmanaged[Cdecl]<nint*, nint>)Table[78];

    // Model metadata
    public static readonly delegate* unmanaged[Cdecl]<nint, nint*, nint> SessionGetModelMetadata = (delegate* unmanaged[Cdecl]<nint, nint*, nint>)Table[111];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> ModelMetadataGetProducerName = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)Table[112];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> ModelMetadataGetGraphName = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)Table[113];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> ModelMetadataGetDomain = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)Table[114];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> ModelMetadataGetDescription = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)Table[115];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte*, byte**, nint> ModelMetadataLookupCustomMetadataMap = (delegate* unmanaged[Cdecl]<nint, nint, byte*, byte**, nint>)Table[116];
    public static readonly delegate* unmanaged[Cdecl]<nint, long*, nint> ModelMetadataGetVersion = (delegate* unmanaged[Cdecl]<nint, long*, nint>)Table[117];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte***, long*, nint> ModelMetadataGetCustomMetadataMapKeys = (delegate* unmanaged[Cdecl]<nint, nint, byte***, long*, nint>)Table[123];
    public static readonly delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> ModelMetadataGetGraphDescription = (delegate* unmanaged[Cdecl]<nint, nint, byte**, nint>)Table[158];

    // Release functions
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseEnv = (delegate* unmanaged[Cdecl]<nint, void>)Table[92];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseStatus = (delegate* unmanaged[Cdecl]<nint, void>)Table[93];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseMemoryInfo = (delegate* unmanaged[Cdecl]<nint, void>)Table[94];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseSession = (delegate* unmanaged[Cdecl]<nint, void>)Table[95];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseValue = (delegate* unmanaged[Cdecl]<nint, void>)Table[96];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseRunOptions = (delegate* unmanaged[Cdecl]<nint, void>)Table[97];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTypeInfo = (delegate* unmanaged[Cdecl]<nint, void>)Table[98];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseTensorTypeAndShapeInfo = (delegate* unmanaged[Cdecl]<nint, void>)Table[99];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseSessionOptions = (delegate* unmanaged[Cdecl]<nint, void>)Table[100];
    public static readonly delegate* unmanaged[Cdecl]<nint, void> ReleaseModelMetadata = (delegate* unmanaged[Cdecl]<nint, void>)Table[118];

    // Library information (this one lives in OrtApiBase rather than OrtApi)
    public static readonly delegate* unmanaged[Cdecl]<byte*> GetVersionString = (delegate* unmanaged[Cdecl]<byte*>)OrtLibrary.ApiBase[1];
    public static readonly delegate* unmanaged[Cdecl]<byte*> GetBuildInfoString = (delegate* unmanaged[Cdecl]<byte*>)Table[254];
}
