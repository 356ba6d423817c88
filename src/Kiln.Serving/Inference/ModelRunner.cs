using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using Kiln.Core;
using Kiln.Onnx;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Inference;

/// <summary>Runs a model's ONNX session on request tensors: checks them against the schema, runs ORT once, wraps the outputs.</summary>
internal sealed class ModelRunner(OnnxSession session, ModelSchema schema)
{
    private readonly int[] _inputOnnxIndices = [.. schema.Inputs.Select(i => i.OnnxIndex)];
    private readonly int[] _allOutputs = [.. Enumerable.Range(0, schema.Outputs.Count)];

    public ModelSchema Schema => schema;

    public ReadOnlySpan<int> AllOutputs => _allOutputs;

    /// <summary>Throws a 400-class error when the request's tensors do not fit the model's inputs.</summary>
    public static void Validate(ModelSchema schema, InferenceRequest request)
    {
        long rows = -1;
        for (var i = 0; i < schema.Inputs.Count; i++)
        {
            var spec = schema.Inputs[i];
            var tensor = request.Inputs[i] ?? throw KilnException.InvalidParameter(
                $"The request has no input '{spec.Name}'; the model takes {string.Join(", ", schema.Inputs.Select(s => $"'{s.Name}'"))}.");
            if (tensor.DataType != spec.DataType)
            {
                throw KilnException.InvalidParameter($"Input '{spec.Name}' has datatype {tensor.DataType.ToName()}; the model expects {spec.DataType.ToName()}.");
            }
            if (!ShapeFits(tensor.Shape, spec.Shape))
            {
                throw KilnException.InvalidParameter(
                    $"Input '{spec.Name}' has shape [{string.Join(',', tensor.Shape)}]; the model expects [{string.Join(',', spec.Shape)}] (-1: any size).");
            }
            if (spec.HasBatchDimension)
            {
                if (rows >= 0 && tensor.Shape[0] != rows)
                {
                    throw KilnException.InvalidParameter($"Input '{spec.Name}' has {tensor.Shape[0]} rows; the other inputs have {rows}.");
                }
                rows = tensor.Shape[0];
            }
        }
    }

    /// <summary>Runs once with the tensors (by model input position) and computes the outputs at <paramref name="outputs"/>.</summary>
    public RunOutputs Run(ReadOnlySpan<InferenceTensor> inputs, ReadOnlySpan<int> outputs, out long elapsedTicks)
    {
        var count = inputs.Length;
        var values = ArrayPool<OnnxValue>.Shared.Rent(count);
        var results = ArrayPool<OnnxValue?>.Shared.Rent(outputs.Length);
        Span<int> outputOnnxIndices = outputs.Length <= 64 ? stackalloc int[outputs.Length] : new int[outputs.Length];
        var created = 0;
        try
        {
            for (; created < count; created++)
            {
                values[created] = CreateValue(inputs[created]);
            }
            for (var i = 0; i < outputs.Length; i++)
            {
                outputOnnxIndices[i] = schema.Outputs[outputs[i]].OnnxIndex;
            }
            var started = Stopwatch.GetTimestamp();
            try
            {
                session.Run(_inputOnnxIndices, values.AsSpan(0, count), outputOnnxIndices, results.AsSpan(0, outputs.Length));
            }
            catch (OnnxRuntimeException ex)
            {
                throw ex.Code is OrtErrorCode.InvalidArgument
                    ? KilnException.InvalidParameter("The model rejected the input: " + ex.OrtMessage)
                    : new KilnException(ErrorCode.InternalError, "The model failed to run: " + ex.OrtMessage, ex);
            }
            elapsedTicks = Stopwatch.GetTimestamp() - started;
            var buffers = new OutputBuffer?[schema.Outputs.Count];
            try
            {
                for (var i = 0; i < outputs.Length; i++)
                {
                    var value = results[i]!;
                    results[i] = null;
                    var spec = schema.Outputs[outputs[i]];
                    buffers[outputs[i]] = spec.Kind == OutputKind.ZipMap ? ZipMapToMatrix(spec, value) : new OutputBuffer(spec, value);
                }
            }
            catch
            {
                foreach (var buffer in buffers)
                {
                    buffer?.Dispose();
                }
                throw;
            }
            return new RunOutputs(buffers);
        }
        finally
        {
            for (var i = 0; i < created; i++)
            {
                values[i].Dispose();
            }
            for (var i = 0; i < outputs.Length; i++)
            {
                results[i]?.Dispose();
            }
            ArrayPool<OnnxValue>.Shared.Return(values, clearArray: true);
            ArrayPool<OnnxValue?>.Shared.Return(results, clearArray: true);
        }
    }

    private static OnnxValue CreateValue(InferenceTensor tensor) => tensor.DataType == TensorDataType.Bytes
        ? OnnxValue.CreateStringTensor(tensor.Strings, tensor.Shape)
        : OnnxValue.CreateTensor(tensor.DataType.ToOnnx(), tensor.Memory, tensor.Shape);

    private static OutputBuffer ZipMapToMatrix(TensorSpec spec, OnnxValue sequence)
    {
        using (sequence)
        {
            var rows = sequence.Count;
            var labels = spec.Labels;
            if (labels is null && rows > 0)
            {
                using var map = sequence.GetElement(0);
                using var keys = map.GetMapKeys();
                labels = keys.ElementType == OnnxElementType.String
                    ? keys.GetStrings()
                    : [.. keys.ToArray<long>().Select(k => k.ToString(CultureInfo.InvariantCulture))];
                spec.Labels = labels;
            }
            var columns = labels?.Count ?? 0;
            var matrix = ArrayPool<float>.Shared.Rent(Math.Max(1, rows * columns));
            try
            {
                var written = rows == 0 ? 0 : sequence.CopyMapSequenceValues<float>(matrix.AsSpan(0, rows * columns));
                if (rows > 0 && written != columns)
                {
                    throw new KilnException(ErrorCode.InternalError, $"Output '{spec.Name}' has {written} classes per row; earlier runs had {columns}.");
                }
                return new OutputBuffer(spec, matrix, rows, columns);
            }
            catch
            {
                ArrayPool<float>.Shared.Return(matrix);
                throw;
            }
        }
    }

    private static bool ShapeFits(long[] shape, long[] expected)
    {
        if (shape.Length != expected.Length)
        {
            return false;
        }
        for (var i = 0; i < shape.Length; i++)
        {
            if (shape[i] < 0 || (expected[i] >= 0 && shape[i] != expected[i]))
            {
                return false;
            }
        }
        return true;
    }
}
