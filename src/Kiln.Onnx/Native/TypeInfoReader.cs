namespace Kiln.Onnx.Native;

/// <summary>Converts ORT type-information objects into <see cref="OnnxTypeInfo"/>.</summary>
internal static unsafe class TypeInfoReader
{
    /// <summary>Reads and then releases an owned OrtTypeInfo.</summary>
    public static OnnxTypeInfo ReadAndRelease(nint typeInfo)
    {
        using var owned = new OrtTypeInfoHandle(typeInfo);
        return Read(typeInfo);
    }

    public static OnnxTypeInfo Read(nint typeInfo)
    {
        OnnxValueKind kind;
        OrtStatus.Check(OrtApi.GetOnnxTypeFromTypeInfo(typeInfo, &kind));
        switch (kind)
        {
            case OnnxValueKind.Tensor or OnnxValueKind.SparseTensor:
                {
                    nint tensorInfo;
                    OrtStatus.Check(OrtApi.CastTypeInfoToTensorInfo(typeInfo, &tensorInfo));
                    return tensorInfo == 0 ? OnnxTypeInfo.Other(kind) : ReadTensor(tensorInfo, kind == OnnxValueKind.SparseTensor);
                }

            case OnnxValueKind.Sequence:
                {
                    nint sequenceInfo, elementInfo;
                    OrtStatus.Check(OrtApi.CastTypeInfoToSequenceTypeInfo(typeInfo, &sequenceInfo));
                    OrtStatus.Check(OrtApi.GetSequenceElementType(sequenceInfo, &elementInfo));
                    return OnnxTypeInfo.Sequence(ReadAndRelease(elementInfo));
                }

            case OnnxValueKind.Map:
                {
                    nint mapInfo, valueInfo;
                    OnnxElementType keyType;
                    OrtStatus.Check(OrtApi.CastTypeInfoToMapTypeInfo(typeInfo, &mapInfo));
                    OrtStatus.Check(OrtApi.GetMapKeyType(mapInfo, &keyType));
                    OrtStatus.Check(OrtApi.GetMapValueType(mapInfo, &valueInfo));
                    return OnnxTypeInfo.Map(keyType, ReadAndRelease(valueInfo));
                }

            case OnnxValueKind.Optional:
                {
                    nint optionalInfo, containedInfo;
                    OrtStatus.Check(OrtApi.CastTypeInfoToOptionalTypeInfo(typeInfo, &optionalInfo));
                    OrtStatus.Check(OrtApi.GetOptionalContainedTypeInfo(optionalInfo, &containedInfo));
                    return OnnxTypeInfo.Optional(ReadAndRelease(containedInfo));
                }

            default:
                return OnnxTypeInfo.Other(kind);
        }
    }

    private static OnnxTypeInfo ReadTensor(nint tensorInfo, bool sparse)
    {
        OnnxElementType elementType;
        nuint rank;
        OrtStatus.Check(OrtApi.GetTensorElementType(tensorInfo, &elementType));
        OrtStatus.Check(OrtApi.GetDimensionsCount(tensorInfo, &rank));

        var shape = new long[(int)rank];
        var symbols = new string?[(int)rank];
        if (rank > 0)
        {
            var symbolPointers = new nint[(int)rank];
            fixed (long* shapePointer = shape)
            fixed (nint* symbolPointer = symbolPointers)
            {
                OrtStatus.Check(OrtApi.GetDimensions(tensorInfo, shapePointer, rank));
                OrtStatus.Check(OrtApi.GetSymbolicDimensions(tensorInfo, (byte**)symbolPointer, rank));
            }

            for (var i = 0; i < shape.Length; i++)
            {
                var symbol = symbolPointers[i] == 0 ? null : System.Runtime.InteropServices.Marshal.PtrToStringUTF8(symbolPointers[i]);
                symbols[i] = string.IsNullOrEmpty(symbol) ? null : symbol;
                if (shape[i] < 0)
                {
                    shape[i] = -1;
                }
            }
        }

        return OnnxTypeInfo.Tensor(elementType, shape, symbols, sparse);
    }
}
