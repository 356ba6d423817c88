using System.Text;
using System.Text.Json;
using Kiln.Core;
using Kiln.Serving.Inference;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Codecs;

/// <summary>
/// Decodes an MLflow scoring request (<c>dataframe_split</c>, <c>dataframe_records</c>, <c>instances</c> or
/// <c>inputs</c>) into model inputs, as the model's <see cref="MlflowScoringPlan"/> says: named columns into one
/// matrix or one tensor per column, or named tensors. Values are converted to the model's input types on the way.
/// </summary>
public static class MlflowScoringReader
{
    private const string RequiredFormat =
        "The input must be a JSON dictionary with exactly one of the input fields {'dataframe_split', 'dataframe_records', 'instances', 'inputs'}";

    private static readonly JsonReaderOptions Options = new() { MaxDepth = JsonTensorData.MaxRank + 8 };

    private enum Format
    {
        None,
        DataFrameSplit,
        DataFrameRecords,
        Instances,
        Inputs,
    }

    public static InferenceRequest Read(ReadOnlySpan<byte> json, ModelSchema schema)
    {
        var request = new InferenceRequest(schema);
        try
        {
            var reader = new Utf8JsonReader(json, Options);
            Read(ref reader);
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw KilnException.BadRequest($"{RequiredFormat}. Received {(reader.TokenType == JsonTokenType.StartArray ? "a list" : "a " + reader.TokenType)}.");
            }
            var format = Format.None;
            var value = default(Utf8JsonReader);
            var keys = new List<string>();
            while (Read(ref reader) == JsonTokenType.PropertyName)
            {
                var found = reader.ValueTextEquals("dataframe_split"u8) ? Format.DataFrameSplit
                    : reader.ValueTextEquals("dataframe_records"u8) ? Format.DataFrameRecords
                    : reader.ValueTextEquals("instances"u8) ? Format.Instances
                    : reader.ValueTextEquals("inputs"u8) ? Format.Inputs
                    : Format.None;
                keys.Add(reader.GetString()!);
                Read(ref reader);
                if (found != Format.None)
                {
                    if (format != Format.None)
                    {
                        throw KilnException.BadRequest($"{RequiredFormat}. Received dictionary with input fields: [{string.Join(", ", keys.Select(k => $"'{k}'"))}].");
                    }
                    format = found;
                    value = reader;
                }
                reader.Skip();
            }
            switch (format)
            {
                case Format.DataFrameSplit:
                    ReadSplit(ref value, request);
                    break;
                case Format.DataFrameRecords:
                    RequireColumns(schema, "dataframe_records");
                    ReadRecords(ref value, request);
                    break;
                case Format.Instances:
                    ReadInstances(ref value, request);
                    break;
                case Format.Inputs:
                    ReadInputs(ref value, request);
                    break;
                default:
                    throw KilnException.BadRequest($"{RequiredFormat}. Received dictionary with input fields: [{string.Join(", ", keys.Select(k => $"'{k}'"))}].");
            }
            return request;
        }
        catch (JsonException ex)
        {
            request.Dispose();
            throw KilnException.BadRequest($"Failed to parse the input as JSON: {ex.Message}");
        }
        catch
        {
            request.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Decodes an MLmodel input example: a DataFrame in split orient (<c>{"columns", "data"}</c>) for column-based
    /// models, or a dictionary of tensors (<c>{"name": [...]}</c>) for tensor-based ones.
    /// </summary>
    public static InferenceRequest ReadInputExample(ReadOnlySpan<byte> json, ModelSchema schema)
    {
        var wrapped = new byte[json.Length + 32];
        var prefix = schema.Scoring.Layout == ScoringLayout.Tensors ? "{\"inputs\":"u8 : "{\"dataframe_split\":"u8;
        prefix.CopyTo(wrapped);
        json.CopyTo(wrapped.AsSpan(prefix.Length));
        wrapped[prefix.Length + json.Length] = (byte)'}';
        return Read(wrapped.AsSpan(0, prefix.Length + json.Length + 1), schema);
    }

    private static void ReadSplit(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var schema = request.Schema;
        RequireColumns(schema, "dataframe_split");
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw KilnException.BadRequest("'dataframe_split' must be an object with 'columns' and 'data' (pandas split orient).");
        }
        var data = default(Utf8JsonReader);
        var hasData = false;
        int[]? map = null;
        var width = 0;
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("columns"u8))
            {
                Read(ref reader);
                map = ReadColumnNames(ref reader, schema.Scoring, out width);
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
        if (!hasData)
        {
            throw KilnException.BadRequest("'dataframe_split' has no 'data'.");
        }
        ReadRows(ref data, request, map, width, "dataframe_split");
    }

    /// <summary>Rows as arrays of cells: by the given column map, or positionally in signature order.</summary>
    private static void ReadRows(ref Utf8JsonReader reader, InferenceRequest request, int[]? map, int requestWidth, string field)
    {
        var plan = request.Schema.Scoring;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw KilnException.BadRequest($"'{field}' data must be a list of rows.");
        }
        ColumnTable? table = null;
        try
        {
            var row = 0;
            while (Read(ref reader) != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw KilnException.BadRequest($"Row {row} of '{field}' is not a list of values.");
                }
                var position = 0;
                while (Read(ref reader) != JsonTokenType.EndArray)
                {
                    if (table is null)
                    {
                        var width = map is not null ? Width(plan, requestWidth) : plan.Columns.Count > 0 ? plan.Columns.Count : CountRow(reader);
                        table = new ColumnTable(request.Schema, width);
                    }
                    var column = map is null ? position : position < map.Length ? map[position] : -2;
                    if (column == -2 || (map is null && position >= table.Width))
                    {
                        throw KilnException.BadRequest($"Row {row} of '{field}' has more values than there are columns ({(map?.Length ?? table.Width)}).");
                    }
                    if (column >= 0)
                    {
                        table.Write(row, column, ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                    position++;
                }
                var expected = map?.Length ?? table?.Width ?? 0;
                if (position != expected)
                {
                    throw KilnException.BadRequest($"Row {row} of '{field}' has {position} values; there are {expected} columns.");
                }
                row++;
            }
            table ??= new ColumnTable(request.Schema, map is not null ? Width(plan, requestWidth) : plan.Columns.Count);
            table.MoveTo(request);
        }
        finally
        {
            table?.Dispose();
        }
    }

    private static void ReadRecords(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var plan = request.Schema.Scoring;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw KilnException.BadRequest("'dataframe_records' must be a list of records (objects of column → value).");
        }
        if (plan.Columns.Count == 0)
        {
            throw KilnException.BadRequest("The model has no signature naming its columns; send 'dataframe_split' with the values in the model's column order.");
        }
        using var table = new ColumnTable(request.Schema, plan.Columns.Count);
        Span<bool> seen = plan.Columns.Count <= 512 ? stackalloc bool[plan.Columns.Count] : new bool[plan.Columns.Count];
        var row = 0;
        while (Read(ref reader) != JsonTokenType.EndArray)
        {
            ReadRecord(ref reader, table, plan, row++, seen);
        }
        table.MoveTo(request);
    }

    private static void ReadRecord(ref Utf8JsonReader reader, ColumnTable table, MlflowScoringPlan plan, int row, scoped Span<bool> seen)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw KilnException.BadRequest($"Record {row} is not an object of column → value.");
        }
        seen.Clear();
        var hint = 0;
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            var column = reader.ValueIsEscaped ? plan.FindColumn(Encoding.UTF8.GetBytes(reader.GetString()!), hint) : plan.FindColumn(reader.ValueSpan, hint);
            Read(ref reader);
            if (column < 0)
            {
                reader.Skip();
                continue;
            }
            table.Write(row, column, ref reader);
            seen[column] = true;
            hint = column + 1;
        }
        var missing = seen.IndexOf(false);
        if (missing >= 0)
        {
            throw KilnException.BadRequest($"Record {row} has no value for column '{plan.Columns[missing].Name}'. {MissingColumns(plan, seen)}");
        }
    }

    private static void ReadInstances(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var schema = request.Schema;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw KilnException.BadRequest("'instances' must be a list.");
        }
        if (schema.Scoring.Layout == ScoringLayout.Tensors)
        {
            var peek = reader;
            Read(ref peek);
            if (peek.TokenType == JsonTokenType.StartObject)
            {
                ReadTensorInstances(ref reader, request);
            }
            else
            {
                ReadSingleTensor(ref reader, request, "instances");
            }
            return;
        }
        var first = reader;
        Read(ref first);
        if (first.TokenType == JsonTokenType.StartObject)
        {
            ReadRecords(ref reader, request);
        }
        else
        {
            ReadRows(ref reader, request, null, 0, "instances");
        }
    }

    private static void ReadInputs(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var schema = request.Schema;
        if (schema.Scoring.Layout == ScoringLayout.Tensors)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadNamedTensors(ref reader, request);
            }
            else
            {
                ReadSingleTensor(ref reader, request, "inputs");
            }
            return;
        }
        if (reader.TokenType == JsonTokenType.StartArray)
        {
            ReadRows(ref reader, request, null, 0, "inputs");
            return;
        }
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw KilnException.BadRequest("'inputs' must be an object of column → list of values, or a list of rows.");
        }
        ReadColumnar(ref reader, request);
    }

    /// <summary><c>{"inputs": {"column": [v0, v1, ...], ...}}</c> for a column-based model.</summary>
    private static void ReadColumnar(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var plan = request.Schema.Scoring;
        if (plan.Columns.Count == 0)
        {
            throw KilnException.BadRequest("The model has no signature naming its columns; send rows in the model's column order.");
        }
        using var table = new ColumnTable(request.Schema, plan.Columns.Count);
        Span<bool> seen = plan.Columns.Count <= 512 ? stackalloc bool[plan.Columns.Count] : new bool[plan.Columns.Count];
        var rows = -1;
        var hint = 0;
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            var column = reader.ValueIsEscaped ? plan.FindColumn(Encoding.UTF8.GetBytes(reader.GetString()!), hint) : plan.FindColumn(reader.ValueSpan, hint);
            var name = column < 0 ? null : plan.Columns[column].Name;
            Read(ref reader);
            if (column < 0)
            {
                reader.Skip();
                continue;
            }
            var row = 0;
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                while (Read(ref reader) != JsonTokenType.EndArray)
                {
                    table.Write(row++, column, ref reader);
                }
            }
            else
            {
                table.Write(row++, column, ref reader);
            }
            if (rows >= 0 && row != rows)
            {
                throw KilnException.BadRequest($"Column '{name}' has {row} values; the columns before it have {rows}.");
            }
            rows = row;
            seen[column] = true;
            hint = column + 1;
        }
        if (seen.IndexOf(false) >= 0)
        {
            throw KilnException.BadRequest(MissingColumns(plan, seen));
        }
        table.MoveTo(request);
    }

    /// <summary><c>{"inputs": {"tensor": nested list, ...}}</c> for a tensor-based model.</summary>
    private static void ReadNamedTensors(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var schema = request.Schema;
        Span<long> shape = stackalloc long[JsonTensorData.MaxRank];
        while (Read(ref reader) == JsonTokenType.PropertyName)
        {
            var index = reader.ValueIsEscaped ? schema.FindInput(reader.GetString()!) : schema.FindInput(reader.ValueSpan);
            if (index < 0)
            {
                throw KilnException.BadRequest($"The model has no input '{reader.GetString()}'; its inputs are {string.Join(", ", schema.Inputs.Select(i => $"'{i.Name}'"))}.");
            }
            Read(ref reader);
            var spec = schema.Inputs[index];
            if (request.Inputs[index] is not null)
            {
                throw KilnException.BadRequest($"Input '{spec.Name}' is given twice.");
            }
            using var builder = new TensorBuilder(spec.DataType, lenient: true, spec.Name);
            var rank = JsonTensorData.Read(ref reader, builder, shape);
            request.Inputs[index] = builder.Build(spec.Name, shape[..rank].ToArray());
        }
    }

    /// <summary>A bare nested list for a model with a single input.</summary>
    private static void ReadSingleTensor(ref Utf8JsonReader reader, InferenceRequest request, string field)
    {
        var schema = request.Schema;
        if (schema.Inputs.Count != 1)
        {
            throw KilnException.BadRequest($"The model takes {schema.Inputs.Count} inputs; '{field}' must name them ({string.Join(", ", schema.Inputs.Select(i => $"'{i.Name}'"))}).");
        }
        var spec = schema.Inputs[0];
        Span<long> shape = stackalloc long[JsonTensorData.MaxRank];
        using var builder = new TensorBuilder(spec.DataType, lenient: true, spec.Name);
        var rank = JsonTensorData.Read(ref reader, builder, shape);
        request.Inputs[0] = builder.Build(spec.Name, shape[..rank].ToArray());
    }

    /// <summary><c>{"instances": [{"tensor": row, ...}, ...]}</c>: each instance adds one row to every named tensor.</summary>
    private static void ReadTensorInstances(ref Utf8JsonReader reader, InferenceRequest request)
    {
        var schema = request.Schema;
        var builders = new TensorBuilder?[schema.Inputs.Count];
        var rowShapes = new long[schema.Inputs.Count][];
        Span<long> shape = stackalloc long[JsonTensorData.MaxRank];
        try
        {
            var rows = 0;
            while (Read(ref reader) != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw KilnException.BadRequest($"Instance {rows} is not an object of input → value.");
                }
                while (Read(ref reader) == JsonTokenType.PropertyName)
                {
                    var index = reader.ValueIsEscaped ? schema.FindInput(reader.GetString()!) : schema.FindInput(reader.ValueSpan);
                    if (index < 0)
                    {
                        throw KilnException.BadRequest($"The model has no input '{reader.GetString()}'.");
                    }
                    Read(ref reader);
                    var spec = schema.Inputs[index];
                    var builder = builders[index] ??= new TensorBuilder(spec.DataType, lenient: true, spec.Name);
                    var rank = JsonTensorData.Read(ref reader, builder, shape);
                    var rowShape = shape[..rank].ToArray();
                    if (rowShapes[index] is null)
                    {
                        if (rows != 0)
                        {
                            throw KilnException.BadRequest($"Input '{spec.Name}' is missing from instance 0.");
                        }
                        rowShapes[index] = rowShape;
                    }
                    else if (!rowShapes[index]!.AsSpan().SequenceEqual(rowShape))
                    {
                        throw KilnException.BadRequest($"Input '{spec.Name}' has shape [{string.Join(',', rowShape)}] in instance {rows}; earlier instances have [{string.Join(',', rowShapes[index]!)}].");
                    }
                }
                rows++;
            }
            for (var i = 0; i < builders.Length; i++)
            {
                if (builders[i] is { } builder)
                {
                    request.Inputs[i] = builder.Build(schema.Inputs[i].Name, [rows, .. rowShapes[i]!]);
                }
            }
        }
        finally
        {
            foreach (var builder in builders)
            {
                builder?.Dispose();
            }
        }
    }

    /// <summary>Maps each request column to a signature column (-1: not in the signature, ignored as MLflow does).</summary>
    private static int[] ReadColumnNames(ref Utf8JsonReader reader, MlflowScoringPlan plan, out int width)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw KilnException.BadRequest("'columns' must be a list of column names.");
        }
        var map = new List<int>(plan.Columns.Count);
        Span<bool> seen = plan.Columns.Count <= 512 ? stackalloc bool[plan.Columns.Count] : new bool[plan.Columns.Count];
        while (Read(ref reader) != JsonTokenType.EndArray)
        {
            if (plan.Columns.Count == 0)
            {
                map.Add(map.Count);
                reader.Skip();
                continue;
            }
            if (reader.TokenType != JsonTokenType.String)
            {
                throw KilnException.BadRequest("'columns' must be a list of column names.");
            }
            var column = reader.ValueIsEscaped ? plan.FindColumn(Encoding.UTF8.GetBytes(reader.GetString()!), map.Count) : plan.FindColumn(reader.ValueSpan, map.Count);
            if (column >= 0)
            {
                if (seen[column])
                {
                    throw KilnException.BadRequest($"Column '{plan.Columns[column].Name}' is given twice.");
                }
                seen[column] = true;
            }
            map.Add(column);
        }
        if (plan.Columns.Count > 0 && seen.IndexOf(false) >= 0)
        {
            throw KilnException.BadRequest(MissingColumns(plan, seen));
        }
        width = map.Count;
        return [.. map];
    }

    private static int Width(MlflowScoringPlan plan, int requestWidth) => plan.Columns.Count > 0 ? plan.Columns.Count : requestWidth;

    private static int CountRow(Utf8JsonReader reader)
    {
        // The reader is on the first value of a row: count the values up to the row's end on a copy.
        var count = 0;
        do
        {
            count++;
            reader.Skip();
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
        return count;
    }

    private static string MissingColumns(MlflowScoringPlan plan, ReadOnlySpan<bool> seen)
    {
        var missing = new List<string>();
        for (var i = 0; i < seen.Length; i++)
        {
            if (!seen[i])
            {
                missing.Add($"'{plan.Columns[i].Name}'");
            }
        }
        return $"Model is missing inputs [{string.Join(", ", missing)}]. The model's columns are [{string.Join(", ", plan.Columns.Select(c => $"'{c.Name}'"))}].";
    }

    private static void RequireColumns(ModelSchema schema, string field)
    {
        if (schema.Scoring.Layout == ScoringLayout.Tensors)
        {
            throw KilnException.BadRequest($"The model has a tensor-based signature; send 'inputs' or 'instances' rather than '{field}'.");
        }
    }

    private static JsonTokenType Read(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw KilnException.BadRequest("Failed to parse the input as JSON: it ends too early.");
        }
        return reader.TokenType;
    }
}
