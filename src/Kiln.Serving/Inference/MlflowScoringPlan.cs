using System.Text;
using System.Text.Json;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>How MLflow scoring requests become model inputs.</summary>
public enum ScoringLayout
{
    /// <summary>Named columns stacked into the model's single [rows, columns] input, in signature column order.</summary>
    ColumnsToMatrix,

    /// <summary>Each named column is the model input of the same name, shaped [rows] or [rows, 1].</summary>
    ColumnsToInputs,

    /// <summary>A tensor-based signature: <c>inputs</c>/<c>instances</c> name the model's tensors.</summary>
    Tensors,
}

/// <summary>A column of an MLflow column-based signature.</summary>
public sealed class ScoringColumn(string name, string type, int inputIndex)
{
    public string Name { get; } = name;

    public byte[] Utf8Name { get; } = Encoding.UTF8.GetBytes(name);

    /// <summary>MLflow's column type: double, float, long, integer, boolean, string, binary, datetime.</summary>
    public string Type { get; } = type;

    /// <summary>For <see cref="ScoringLayout.ColumnsToInputs"/>, the model input fed by this column.</summary>
    public int InputIndex { get; } = inputIndex;
}

/// <summary>
/// The MLflow signature matched against the ONNX model at load time: which layout scoring requests use and, for
/// column-based signatures, the columns in order. A model without a signature is scored like one whose columns are
/// its inputs (several inputs) or whose columns fill its single matrix input in request order.
/// </summary>
public sealed class MlflowScoringPlan
{
    private MlflowScoringPlan(ScoringLayout layout, ScoringColumn[] columns, int matrixInput)
    {
        Layout = layout;
        Columns = columns;
        MatrixInput = matrixInput;
    }

    public ScoringLayout Layout { get; }

    /// <summary>Signature columns in order; empty for tensor layouts and for a signature-less matrix (any column names).</summary>
    public IReadOnlyList<ScoringColumn> Columns { get; }

    /// <summary>For <see cref="ScoringLayout.ColumnsToMatrix"/>, the model input that receives the matrix.</summary>
    public int MatrixInput { get; }

    public int FindColumn(ReadOnlySpan<byte> utf8Name, int hint)
    {
        if ((uint)hint < (uint)Columns.Count && utf8Name.SequenceEqual(Columns[hint].Utf8Name))
        {
            return hint;
        }
        for (var i = 0; i < Columns.Count; i++)
        {
            if (utf8Name.SequenceEqual(Columns[i].Utf8Name))
            {
                return i;
            }
        }
        return -1;
    }

    internal static MlflowScoringPlan Create(TensorSpec[] inputs, TensorSpec[] outputs, JsonElement? signature)
    {
        if (signature is { ValueKind: JsonValueKind.Object } sig && sig.TryGetProperty("outputs", out var signatureOutputs) && signatureOutputs.ValueKind == JsonValueKind.Array)
        {
            foreach (var output in signatureOutputs.EnumerateArray())
            {
                if (output.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String
                    && Array.FindIndex(outputs, o => o.Name == name.GetString()) < 0)
                {
                    throw ModelSchema.Incompatible($"the MLmodel signature names output '{name.GetString()}', which the ONNX model does not have.");
                }
            }
        }
        if (signature is not { ValueKind: JsonValueKind.Object } withInputs || !withInputs.TryGetProperty("inputs", out var specs) || specs.ValueKind != JsonValueKind.Array || specs.GetArrayLength() == 0)
        {
            return WithoutSignature(inputs);
        }
        var first = specs[0];
        if (first.TryGetProperty("type", out var kind) && kind.ValueEquals("tensor"))
        {
            CheckTensorSignature(inputs, specs);
            return new MlflowScoringPlan(ScoringLayout.Tensors, [], -1);
        }
        var columns = new List<(string Name, string Type)>();
        foreach (var column in specs.EnumerateArray())
        {
            var name = column.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : null;
            var type = column.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "double";
            if (name is null)
            {
                throw ModelSchema.Incompatible("the MLmodel signature has a column without a name.");
            }
            columns.Add((name, type));
        }
        if (columns.TrueForAll(c => Array.FindIndex(inputs, i => i.Name == c.Name) >= 0))
        {
            var byInput = new ScoringColumn[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                var input = Array.FindIndex(inputs, s => s.Name == columns[i].Name);
                var shape = inputs[input].Shape;
                if (!(shape.Length == 1 || (shape.Length == 2 && shape[1] is 1 or -1)))
                {
                    throw ModelSchema.Incompatible($"signature column '{columns[i].Name}' feeds input '{inputs[input].Name}' of shape [{string.Join(',', shape)}]; a column input must be [N] or [N, 1].");
                }
                CheckColumnType(columns[i].Name, columns[i].Type, inputs[input].DataType);
                byInput[i] = new ScoringColumn(columns[i].Name, columns[i].Type, input);
            }
            if (inputs.Length != columns.Count)
            {
                throw ModelSchema.Incompatible($"the MLmodel signature has {columns.Count} columns for the model's {inputs.Length} inputs.");
            }
            return new MlflowScoringPlan(ScoringLayout.ColumnsToInputs, byInput, -1);
        }
        if (inputs.Length == 1 && inputs[0].Shape.Length == 2 && (inputs[0].Shape[1] < 0 || inputs[0].Shape[1] == columns.Count))
        {
            var matrix = new ScoringColumn[columns.Count];
            for (var i = 0; i < columns.Count; i++)
            {
                CheckColumnType(columns[i].Name, columns[i].Type, inputs[0].DataType);
                matrix[i] = new ScoringColumn(columns[i].Name, columns[i].Type, 0);
            }
            return new MlflowScoringPlan(ScoringLayout.ColumnsToMatrix, matrix, 0);
        }
        throw ModelSchema.Incompatible(
            $"the MLmodel signature has {columns.Count} columns, which match neither the model's input names nor a single [N, {columns.Count}] input (inputs: {string.Join(", ", inputs.Select(i => i.ToString()))}).");
    }

    private static MlflowScoringPlan WithoutSignature(TensorSpec[] inputs)
    {
        if (inputs.Length == 1 && inputs[0].Shape.Length == 2)
        {
            return new MlflowScoringPlan(ScoringLayout.ColumnsToMatrix, [], 0);
        }
        if (Array.TrueForAll(inputs, i => i.Shape.Length == 1 || (i.Shape.Length == 2 && i.Shape[1] is 1 or -1)))
        {
            var columns = new ScoringColumn[inputs.Length];
            for (var i = 0; i < inputs.Length; i++)
            {
                columns[i] = new ScoringColumn(inputs[i].Name, inputs[i].DataType == TensorDataType.Bytes ? "string" : "double", i);
            }
            return new MlflowScoringPlan(ScoringLayout.ColumnsToInputs, columns, -1);
        }
        return new MlflowScoringPlan(ScoringLayout.Tensors, [], -1);
    }

    private static void CheckColumnType(string column, string type, TensorDataType input)
    {
        var textual = type is "string" or "binary";
        if (textual != (input == TensorDataType.Bytes))
        {
            throw ModelSchema.Incompatible($"signature column '{column}' is {type}, but the model input it feeds is {input.ToName()}.");
        }
    }

    private static void CheckTensorSignature(TensorSpec[] inputs, JsonElement specs)
    {
        foreach (var spec in specs.EnumerateArray())
        {
            var name = spec.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
            var index = name is null && inputs.Length == 1 ? 0 : Array.FindIndex(inputs, i => i.Name == name);
            if (index < 0)
            {
                throw ModelSchema.Incompatible($"the MLmodel signature names input tensor '{name}', which the ONNX model does not have.");
            }
            if (!spec.TryGetProperty("tensor-spec", out var tensor))
            {
                continue;
            }
            if (tensor.TryGetProperty("dtype", out var dtype) && dtype.ValueKind == JsonValueKind.String)
            {
                var expected = inputs[index].DataType.ToNumpyName();
                var given = dtype.GetString();
                var textual = given is "str" or "object" or "bytes";
                if (!(given == expected || (textual && inputs[index].DataType == TensorDataType.Bytes)))
                {
                    throw ModelSchema.Incompatible($"signature input '{inputs[index].Name}' is {given}, but the ONNX input is {inputs[index].DataType.ToName()} ({expected}).");
                }
            }
            if (tensor.TryGetProperty("shape", out var shape) && shape.ValueKind == JsonValueKind.Array)
            {
                var modelShape = inputs[index].Shape;
                var dims = shape.EnumerateArray().Select(d => d.GetInt64()).ToArray();
                if (dims.Length != modelShape.Length || dims.Where((d, i) => d >= 0 && modelShape[i] >= 0 && d != modelShape[i]).Any())
                {
                    throw ModelSchema.Incompatible($"signature input '{inputs[index].Name}' has shape [{string.Join(',', dims)}], but the ONNX input is [{string.Join(',', modelShape)}].");
                }
            }
        }
    }
}
