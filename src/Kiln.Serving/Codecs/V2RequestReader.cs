using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using Kiln.Core;
using Kiln.Serving.Inference;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Codecs;

/// <summary>
/// Decodes an Open Inference Protocol (V2) REST inference request — the JSON object and, with the binary tensor
/// extension, the raw tensor bytes that follow it — straight into pooled tensors typed as the model's inputs.
/// Every problem is an invalid-parameter <see cref="KilnException"/> that says what is wrong.
/// </summary>
public static class V2RequestReader
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = JsonTensorData.MaxRank + 8 };

    /// <summary>Largest element count of one input tensor.</summary>
    public const long MaxElements = 256L * 1024 * 1024;

    public static InferenceRequest Read(ReadOnlySpan<byte> json, ReadOnlySpan<byte> binary, ModelSchema schema)
    {
        var request = new InferenceRequest(schema);
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            var binaryOffset = 0;
            var sawInputs = false;
            Read(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw KilnException.InvalidParameter("The request body must be a JSON object.");
            }
            while (Read(ref reader) == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("inputs"u8))
                {
                    Read(ref reader);
                    ExpectArray(ref reader, "inputs");
                    while (Read(ref reader) != JsonTokenType.EndArray)
                    {
                        ReadInput(ref reader, request, binary, ref binaryOffset);
                    }
                    sawInputs = true;
                }
                else if (reader.ValueTextEquals("outputs"u8))
                {
                    Read(ref reader);
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        ExpectArray(ref reader, "outputs");
                        request.Outputs = [];
                        while (Read(ref reader) != JsonTokenType.EndArray)
                        {
                            ReadRequestedOutput(ref reader, request);
                        }
                    }
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    Read(ref reader);
                    request.Id = reader.TokenType switch
                    {
                        JsonTokenType.String => reader.GetString(),
                        JsonTokenType.Null => null,
                        _ => throw KilnException.InvalidParameter("'id' must be a string."),
                    };
                }
                else if (reader.ValueTextEquals("parameters"u8))
                {
                    Read(ref reader);
                    request.BinaryDataOutput = ReadParameters(ref reader, "binary_data_output"u8, out _, out var flag) && flag;
                }
                else
                {
                    Read(ref reader);
                    reader.Skip();
                }
            }
            if (!sawInputs)
            {
                throw KilnException.InvalidParameter("The request has no 'inputs'.");
            }
            if (binaryOffset != binary.Length)
            {
                throw KilnException.InvalidParameter($"The request carries {binary.Length} bytes of binary data, but its inputs' binary_data_size add up to {binaryOffset}.");
            }
            return request;
        }
        catch (JsonException ex)
        {
            request.Dispose();
            throw KilnException.InvalidParameter($"Malformed JSON in the request body: {ex.Message}");
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    private static void ReadInput(ref Utf8JsonReader reader, InferenceRequest request, ReadOnlySpan<byte> binary, ref int binaryOffset)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw KilnException.InvalidParameter("Each element of 'inputs' must be an object with name, shape, datatype and data.");
        }
        var schema = request.Schema;
        var index = -1;
        string? unknownName = null;
        Span<long> shapeBuffer = stackalloc long[JsonTensorData.MaxRank];
        var rank = -1;
        TensorDataType? dataType = null;
        long binarySize = -1;
        var data = default(Utf8JsonReader);
        var hasData = false;
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw KilnException.InvalidParameter("An input's 'name' must be a string.");
                }
                index = reader.ValueIsEscaped ? schema.FindInput(reader.GetString()!) : schema.FindInput(reader.ValueSpan);
                if (index < 0)
                {
                    unknownName = reader.GetString();
                }
            }
            else if (reader.ValueTextEquals("shape"u8))
            {
                Read(ref reader);
                rank = ReadShape(ref reader, shapeBuffer);
            }
            else if (reader.ValueTextEquals("datatype"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.String || !TensorDataTypes.TryParse(reader.ValueSpan, out var parsed))
                {
                    throw KilnException.InvalidParameter($"Unknown datatype {DescribeToken(ref reader)}; use one of BOOL, UINT8, UINT16, UINT32, UINT64, INT8, INT16, INT32, INT64, FP16, BF16, FP32, FP64, BYTES.");
                }
                dataType = parsed;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                Read(ref reader);
                if (ReadParameters(ref reader, "binary_data_size"u8, out var size, out _))
                {
                    binarySize = size;
                }
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                Read(ref reader);
                data = reader;
                hasData = true;
                reader.Skip();
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (unknownName is not null)
        {
            throw KilnException.InvalidParameter(
                $"The model has no input '{unknownName}'; its inputs are {string.Join(", ", schema.Inputs.Select(i => $"'{i.Name}'"))}.");
        }
        if (index < 0)
        {
            throw KilnException.InvalidParameter("An input has no 'name'.");
        }
        var spec = schema.Inputs[index];
        if (request.Inputs[index] is not null)
        {
            throw KilnException.InvalidParameter($"Input '{spec.Name}' is given twice.");
        }
        if (rank < 0)
        {
            throw KilnException.InvalidParameter($"Input '{spec.Name}' has no 'shape'.");
        }
        if (dataType is null)
        {
            throw KilnException.InvalidParameter($"Input '{spec.Name}' has no 'datatype'.");
        }
        if (dataType != spec.DataType)
        {
            throw KilnException.InvalidParameter($"Input '{spec.Name}' has datatype {dataType.Value.ToName()}; the model expects {spec.DataType.ToName()}.");
        }
        var shape = shapeBuffer[..rank].ToArray();
        var count = ElementCount(spec.Name, shape);
        using var builder = new TensorBuilder(spec.DataType, lenient: false, spec.Name, count);
        if (binarySize >= 0)
        {
            if (hasData)
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}' has both 'data' and binary_data_size.");
            }
            if (binarySize > binary.Length - binaryOffset)
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}' declares {binarySize} bytes of binary data; only {binary.Length - binaryOffset} remain in the body.");
            }
            ReadBinary(builder, spec, count, binary.Slice(binaryOffset, (int)binarySize));
            binaryOffset += (int)binarySize;
        }
        else
        {
            if (!hasData)
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}' has no 'data' (and no binary_data_size).");
            }
            Span<long> inferred = stackalloc long[JsonTensorData.MaxRank];
            var inferredRank = JsonTensorData.Read(ref data, builder, inferred);
            if (inferredRank > 1 && !inferred[..inferredRank].SequenceEqual(shape))
            {
                throw KilnException.InvalidParameter(
                    $"Input '{spec.Name}' declares shape [{string.Join(',', shape)}], but its nested data has shape [{string.Join(',', inferred[..inferredRank].ToArray())}].");
            }
        }
        request.Inputs[index] = builder.Build(spec.Name, shape);
    }

    private static void ReadBinary(TensorBuilder builder, TensorSpec spec, long count, ReadOnlySpan<byte> bytes)
    {
        if (spec.DataType != TensorDataType.Bytes)
        {
            var expected = count * spec.DataType.ElementSize();
            if (bytes.Length != expected)
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}' has {bytes.Length} bytes of binary data; its shape and datatype need {expected}.");
            }
            builder.AddRaw(bytes);
            return;
        }
        // BYTES: each element is a 4-byte little-endian length and then the bytes.
        var offset = 0;
        for (long i = 0; i < count; i++)
        {
            if (bytes.Length - offset < 4)
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}': the binary data ends inside element {i}.");
            }
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            offset += 4;
            if (length > (uint)(bytes.Length - offset))
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}': element {i} is longer than the binary data left.");
            }
            builder.AddString(Encoding.UTF8.GetString(bytes.Slice(offset, (int)length)));
            offset += (int)length;
        }
        if (offset != bytes.Length)
        {
            throw KilnException.InvalidParameter($"Input '{spec.Name}' has {bytes.Length - offset} bytes of binary data past its {count} elements.");
        }
    }

    private static void ReadRequestedOutput(ref Utf8JsonReader reader, InferenceRequest request)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw KilnException.InvalidParameter("Each element of 'outputs' must be an object with a name.");
        }
        var index = -1;
        string? unknownName = null;
        bool? binary = null;
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("name"u8))
            {
                Read(ref reader);
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw KilnException.InvalidParameter("An output's 'name' must be a string.");
                }
                index = reader.ValueIsEscaped ? request.Schema.FindOutput(reader.GetString()!) : request.Schema.FindOutput(reader.ValueSpan);
                unknownName = index < 0 ? reader.GetString() : null;
            }
            else if (reader.ValueTextEquals("parameters"u8))
            {
                Read(ref reader);
                if (ReadParameters(ref reader, "binary_data"u8, out _, out var flag))
                {
                    binary = flag;
                }
            }
            else
            {
                Read(ref reader);
                reader.Skip();
            }
        }
        if (unknownName is not null)
        {
            throw KilnException.InvalidParameter(
                $"The model has no output '{unknownName}'; its outputs are {string.Join(", ", request.Schema.Outputs.Select(o => $"'{o.Name}'"))}.");
        }
        if (index < 0)
        {
            throw KilnException.InvalidParameter("A requested output has no 'name'.");
        }
        request.Outputs!.Add(new RequestedOutput(index, binary));
    }

    /// <summary>Reads a parameters object, returning whether <paramref name="wanted"/> was in it (as a number or boolean).</summary>
    private static bool ReadParameters(ref Utf8JsonReader reader, ReadOnlySpan<byte> wanted, out long number, out bool flag)
    {
        number = 0;
        flag = false;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw KilnException.InvalidParameter("'parameters' must be a JSON object.");
        }
        var found = false;
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            var match = reader.ValueTextEquals(wanted);
            Read(ref reader);
            if (!match)
            {
                reader.Skip();
                continue;
            }
            switch (reader.TokenType)
            {
                case JsonTokenType.Number when reader.TryGetInt64(out number) && number >= 0:
                    found = true;
                    break;
                case JsonTokenType.True or JsonTokenType.False:
                    flag = reader.TokenType == JsonTokenType.True;
                    found = true;
                    break;
                default:
                    throw KilnException.InvalidParameter($"Parameter '{Encoding.UTF8.GetString(wanted)}' has an invalid value.");
            }
        }
        return found;
    }

    private static int ReadShape(ref Utf8JsonReader reader, scoped Span<long> shape)
    {
        ExpectArray(ref reader, "shape");
        var rank = 0;
        while (Read(ref reader) != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var dimension) || dimension < 0)
            {
                throw KilnException.InvalidParameter("'shape' must be an array of non-negative integers.");
            }
            if (rank == shape.Length)
            {
                throw KilnException.InvalidParameter($"'shape' has more than {shape.Length} dimensions.");
            }
            shape[rank++] = dimension;
        }
        return rank;
    }

    private static long ElementCount(string name, long[] shape)
    {
        long count = 1;
        foreach (var dimension in shape)
        {
            count *= dimension;
            if (count > MaxElements)
            {
                throw KilnException.InvalidParameter($"Input '{name}' has shape [{string.Join(',', shape)}], more than {MaxElements} elements.");
            }
        }
        return count;
    }

    private static void ExpectArray(ref Utf8JsonReader reader, string name)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw KilnException.InvalidParameter($"'{name}' must be a JSON array.");
        }
    }

    private static JsonTokenType Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw KilnException.InvalidParameter("Malformed JSON in the request body: it ends too early.");
        }
        return reader.TokenType;
    }

    private static string DescribeToken(ref Utf8JsonReader reader) =>
        reader.TokenType == JsonTokenType.String ? $"'{reader.GetString()}'" : reader.TokenType.ToString();
}
