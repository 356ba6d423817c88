using Kiln.Core;
using Kiln.Serving.Inference;
using Kiln.Serving.Tensors;

namespace Kiln.Serving.Codecs;

/// <summary>
/// Collects the cells of an MLflow DataFrame (row, column) into model inputs: one row-major matrix in signature
/// column order, or one tensor per column. Cells are written in place, so columns may arrive in any order.
/// </summary>
internal sealed class ColumnTable : IDisposable
{
    private readonly ModelSchema _schema;
    private readonly MlflowScoringPlan _plan;
    private readonly TensorBuilder? _matrix;
    private readonly TensorBuilder?[] _columns;

    public ColumnTable(ModelSchema schema, int width)
    {
        _schema = schema;
        _plan = schema.Scoring;
        Width = width;
        if (_plan.Layout == ScoringLayout.ColumnsToMatrix)
        {
            var input = schema.Inputs[_plan.MatrixInput];
            if (input.Shape[1] >= 0 && input.Shape[1] != width)
            {
                throw KilnException.InvalidParameter($"The request has {width} columns; the model's input '{input.Name}' takes {input.Shape[1]}.");
            }
            _matrix = new TensorBuilder(input.DataType, lenient: true, input.Name, width * 16L);
            _columns = [];
        }
        else
        {
            _columns = new TensorBuilder?[width];
            for (var i = 0; i < width; i++)
            {
                var input = schema.Inputs[_plan.Columns[i].InputIndex];
                _columns[i] = new TensorBuilder(input.DataType, lenient: true, _plan.Columns[i].Name, 16);
            }
        }
    }

    /// <summary>Number of columns: the signature's, or for a signature-less matrix, the request's.</summary>
    public int Width { get; }

    public int Rows { get; private set; }

    public void Write(int row, int column, ref System.Text.Json.Utf8JsonReader reader)
    {
        if (_matrix is not null)
        {
            _matrix.SetAt(checked((row * Width) + column), ref reader);
        }
        else
        {
            _columns[column]!.SetAt(row, ref reader);
        }
        if (row >= Rows)
        {
            Rows = row + 1;
        }
    }

    /// <summary>Hands the collected columns to the request as its input tensors.</summary>
    public void MoveTo(InferenceRequest request)
    {
        if (_matrix is not null)
        {
            var input = _schema.Inputs[_plan.MatrixInput];
            request.Inputs[_plan.MatrixInput] = _matrix.Build(input.Name, [Rows, Width]);
            return;
        }
        for (var i = 0; i < _columns.Length; i++)
        {
            var input = _schema.Inputs[_plan.Columns[i].InputIndex];
            long[] shape = input.Shape.Length == 1 ? [Rows] : [Rows, 1];
            request.Inputs[_plan.Columns[i].InputIndex] = _columns[i]!.Build(input.Name, shape);
        }
    }

    public void Dispose()
    {
        _matrix?.Dispose();
        foreach (var column in _columns)
        {
            column?.Dispose();
        }
    }
}
