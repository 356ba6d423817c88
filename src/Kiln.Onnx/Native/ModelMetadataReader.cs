namespace Kiln.Onnx.Native;

/// <summary>Reads a session's OrtModelMetadata into <see cref="OnnxModelMetadata"/>.</summary>
internal static unsafe class ModelMetadataReader
{
    public static OnnxModelMetadata Read(OrtSessionHandle session)
    {
        var addedReference = false;
        session.DangerousAddRef(ref addedReference);
        try
        {
            nint metadata;
            OrtStatus.Check(OrtApi.SessionGetModelMetadata(session.DangerousGetHandle(), &metadata));
            using var owned = new OrtModelMetadataHandle(metadata);
            long version;
            OrtStatus.Check(OrtApi.ModelMetadataGetVersion(metadata, &version));
            return new OnnxModelMetadata(
                ProducerName: ReadString(OrtApi.ModelMetadataGetProducerName, metadata),
                GraphName: ReadString(OrtApi.ModelMetadataGetGraphName, metadata),
                GraphDescription: ReadString(OrtApi.ModelMetadataGetGraphDescription, metadata),
                Domain: ReadString(OrtApi.ModelMetadataGetDomain, metadata),
                Description: ReadString(OrtApi.ModelMetadataGetDescription, metadata),
                Version: version,
                CustomMetadata: ReadCustomMetadata(metadata));
        }
        finally
        {
            if (addedReference)
            {
                session.DangerousRelease();
            }
        }
    }

    private static string ReadString(delegate* unmanaged[Cdecl]<nint, nint, byte**, nint> getter, nint metadata)
    {
        byte* value;
        OrtStatus.Check(getter(metadata, OrtMemory.DefaultAllocator, &value));
        return OrtMemory.TakeString(value);
    }

    private static Dictionary<string, string> ReadCustomMetadata(nint metadata)
    {
        byte** keys;
        long keyCount;
        OrtStatus.Check(OrtApi.ModelMetadataGetCustomMetadataMapKeys(metadata, OrtMemory.DefaultAllocator, &keys, &keyCount));
        var map = new Dictionary<string, string>((int)keyCount, StringComparer.Ordinal);
        if (keys == null)
        {
            return map;
        }

        try
        {
            for (long i = 0; i < keyCount; i++)
            {
                byte* value;
                OrtStatus.Check(OrtApi.ModelMetadataLookupCustomMetadataMap(metadata, OrtMemory.DefaultAllocator, keys[i], &value));
                var key = System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)keys[i]) ?? string.Empty;
                map[key] = OrtMemory.TakeString(value);
            }
        }
        finally
        {
            for (long i = 0; i < keyCount; i++)
            {
                OrtMemory.Free(keys[i]);
            }

            OrtMemory.Free(keys);
        }

        return map;
    }
}
