using System.Runtime.InteropServices;
using Google.Protobuf;

namespace Kiln.Onnx.Tests.Conformance;

/// <summary>
/// Reads ONNX's data protos (onnx.proto / onnx-data.proto) field by field with Google.Protobuf's
/// <see cref="CodedInputStream"/>: no generated code.
/// </summary>
internal static class OnnxProtoReader
{
    /// <summary>Reads a file as the proto that a value of <paramref name="kind"/> is stored as.</summary>
    public static ProtoValue ReadFile(string path, OnnxValueKind kind)
    {
        var bytes = File.ReadAllBytes(path);
        return kind switch
        {
            OnnxValueKind.Sequence => ReadSequence(bytes),
            OnnxValueKind.Map => ReadMap(bytes),
            OnnxValueKind.Optional => ReadOptional(bytes),
            OnnxValueKind.Tensor => ReadTensor(bytes),
            _ => throw new NotSupportedException($"{kind} values are not read from test data."),
        };
    }

    public static ProtoTensor ReadTensor(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var dims = new List<long>();
        var dataType = 0;
        var name = string.Empty;
        byte[]? raw = null;
        var floats = new List<float>();
        var int32s = new List<int>();
        var int64s = new List<long>();
        var doubles = new List<double>();
        var uint64s = new List<ulong>();
        var strings = new List<string>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1:
                    ReadRepeated(input, tag, dims, static s => s.ReadInt64());
                    break;
                case 2:
                    dataType = input.ReadInt32();
                    break;
                case 4:
                    ReadRepeated(input, tag, floats, static s => s.ReadFloat());
                    break;
                case 5:
                    ReadRepeated(input, tag, int32s, static s => s.ReadInt32());
                    break;
                case 6:
                    strings.Add(input.ReadBytes().ToStringUtf8());
                    break;
                case 7:
                    ReadRepeated(input, tag, int64s, static s => s.ReadInt64());
                    break;
                case 8:
                    name = input.ReadString();
                    break;
                case 9:
                    raw = input.ReadBytes().ToByteArray();
                    break;
                case 10:
                    ReadRepeated(input, tag, doubles, static s => s.ReadDouble());
                    break;
                case 11:
                    ReadRepeated(input, tag, uint64s, static s => s.ReadUInt64());
                    break;
                case 14:
                    if (input.ReadEnum() == 1)
                    {
                        throw new NotSupportedException("Tensors with external data are not supported.");
                    }

                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        var elementType = OnnxElementTypes.FromOnnxDataType(dataType);
        if (elementType == OnnxElementType.String)
        {
            return new ProtoTensor(name, elementType, [.. dims], [], [.. strings]);
        }

        var data = raw ?? FromTypedFields(elementType, floats, int32s, int64s, doubles, uint64s);
        return new ProtoTensor(name, elementType, [.. dims], data, null);
    }

    public static ProtoSequence ReadSequence(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var elements = new List<ProtoValue>();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3:
                    elements.Add(ReadTensor(input.ReadBytes().ToByteArray()));
                    break;
                case 4:
                    throw new NotSupportedException("Sequences of sparse tensors are not supported.");
                case 5:
                    elements.Add(ReadSequence(input.ReadBytes().ToByteArray()));
                    break;
                case 6:
                    elements.Add(ReadMap(input.ReadBytes().ToByteArray()));
                    break;
                case 7:
                    elements.Add(ReadOptional(input.ReadBytes().ToByteArray()));
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ProtoSequence(elements);
    }

    public static ProtoMap ReadMap(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        var keyType = 0;
        var keys = new List<long>();
        var stringKeys = new List<string>();
        ProtoValue? values = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 2:
                    keyType = input.ReadInt32();
                    break;
                case 3:
                    ReadRepeated(input, tag, keys, static s => s.ReadInt64());
                    break;
                case 4:
                    stringKeys.Add(input.ReadBytes().ToStringUtf8());
                    break;
                case 5:
                    values = ReadSequence(input.ReadBytes().ToByteArray());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        var keyElementType = OnnxElementTypes.FromOnnxDataType(keyType);
        var keyTensor = keyElementType == OnnxElementType.String
            ? new ProtoTensor(string.Empty, keyElementType, [stringKeys.Count], [], [.. stringKeys])
            : new ProtoTensor(string.Empty, OnnxElementType.Int64, [keys.Count], MemoryMarshal.AsBytes(keys.ToArray().AsSpan()).ToArray(), null);
        return new ProtoMap(keyTensor, values ?? new ProtoSequence([]));
    }

    public static ProtoOptional ReadOptional(byte[] bytes)
    {
        var input = new CodedInputStream(bytes);
        ProtoValue? value = null;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3:
                    value = ReadTensor(input.ReadBytes().ToByteArray());
                    break;
                case 4:
                    throw new NotSupportedException("Optional sparse tensors are not supported.");
                case 5:
                    value = ReadSequence(input.ReadBytes().ToByteArray());
                    break;
                case 6:
                    value = ReadMap(input.ReadBytes().ToByteArray());
                    break;
                case 7:
                    value = ReadOptional(input.ReadBytes().ToByteArray());
                    break;
                default:
                    input.SkipLastField();
                    break;
            }
        }

        return new ProtoOptional(value);
    }

    /// <summary>Repeated scalars arrive packed (one length-delimited run) or one tag per element; accept both.</summary>
    private static void ReadRepeated<T>(CodedInputStream input, uint tag, List<T> into, Func<CodedInputStream, T> read)
    {
        if (WireFormat.GetTagWireType(tag) != WireFormat.WireType.LengthDelimited)
        {
            into.Add(read(input));
            return;
        }

        var packed = new CodedInputStream(input.ReadBytes().ToByteArray());
        while (!packed.IsAtEnd)
        {
            into.Add(read(packed));
        }
    }

    private static byte[] FromTypedFields(
        OnnxElementType type, List<float> floats, List<int> int32s, List<long> int64s, List<double> doubles, List<ulong> uint64s)
    {
        switch (type)
        {
            case OnnxElementType.Float or OnnxElementType.Complex64:
                return MemoryMarshal.AsBytes(floats.ToArray().AsSpan()).ToArray();
            case OnnxElementType.Double or OnnxElementType.Complex128:
                return MemoryMarshal.AsBytes(doubles.ToArray().AsSpan()).ToArray();
            case OnnxElementType.Int64:
                return MemoryMarshal.AsBytes(int64s.ToArray().AsSpan()).ToArray();
            case OnnxElementType.Int32:
                return MemoryMarshal.AsBytes(int32s.ToArray().AsSpan()).ToArray();
            case OnnxElementType.UInt64:
                return MemoryMarshal.AsBytes(uint64s.ToArray().AsSpan()).ToArray();
            case OnnxElementType.UInt32:
                return MemoryMarshal.AsBytes(uint64s.Select(v => (uint)v).ToArray().AsSpan()).ToArray();
            case OnnxElementType.UInt16 or OnnxElementType.Int16 or OnnxElementType.Float16 or OnnxElementType.BFloat16:
                return MemoryMarshal.AsBytes(int32s.Select(v => (ushort)v).ToArray().AsSpan()).ToArray();
            default:
                // One byte per int32: 8-bit types, and sub-byte types whose int32s hold already-packed bytes.
                return int32s.Select(v => (byte)v).ToArray();
        }
    }
}
