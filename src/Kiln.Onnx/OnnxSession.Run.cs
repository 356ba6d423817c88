using System.Buffers;
using Kiln.Onnx.Native;

namespace Kiln.Onnx;

public sealed unsafe partial class OnnxSession
{
    // Run passes ORT four pointer arrays; up to this many pointers in all they live on the stack.
    private const int StackallocPointerLimit = 128;

    /// <summary>Runs with every input (in model order) and returns every output (in model order).</summary>
    public OnnxValue[] Run(ReadOnlySpan<OnnxValue> inputs, OnnxRunOptions? runOptions = null)
    {
        var outputs = new OnnxValue?[Outputs.Count];
        Run(inputs, outputs, runOptions);
        return outputs!;
    }

    /// <summary>
    /// Runs with every input and output in model order. Null output slots receive new values the caller disposes;
    /// a pre-set slot (e.g. a tensor over the caller's buffer) is written in place.
    /// </summary>
    public void Run(ReadOnlySpan<OnnxValue> inputs, Span<OnnxValue?> outputs, OnnxRunOptions? runOptions = null)
    {
        if (inputs.Length != Inputs.Count)
        {
            throw new ArgumentException($"The model takes {Inputs.Count} inputs; {inputs.Length} were given.", nameof(inputs));
        }

        if (outputs.Length != Outputs.Count)
        {
            throw new ArgumentException($"The model has {Outputs.Count} outputs; room for {outputs.Length} was given.", nameof(outputs));
        }

        RunCore(default, inputs, default, outputs, runOptions, inModelOrder: true);
    }

    /// <summary>
    /// Runs with the inputs at <paramref name="inputIndices"/> and computes only the outputs at <paramref name="outputIndices"/>
    /// (positions in <see cref="Inputs"/> and <see cref="Outputs"/>; see <see cref="GetInputIndex"/>). The hot path for
    /// servers: it allocates nothing but the wrappers of new output values.
    /// </summary>
    public void Run(
        ReadOnlySpan<int> inputIndices,
        ReadOnlySpan<OnnxValue> inputs,
        ReadOnlySpan<int> outputIndices,
        Span<OnnxValue?> outputs,
        OnnxRunOptions? runOptions = null)
    {
        if (inputIndices.Length != inputs.Length)
        {
            throw new ArgumentException("Give one input index per input value.", nameof(inputIndices));
        }

        if (outputIndices.Length != outputs.Length)
        {
            throw new ArgumentException("Give one output slot per output index.", nameof(outputs));
        }

        RunCore(inputIndices, inputs, outputIndices, outputs, runOptions, inModelOrder: false);
    }

    /// <summary>Runs with inputs by name and returns the named outputs (all outputs when none are named).</summary>
    public OnnxRunResult Run(IReadOnlyDictionary<string, OnnxValue> inputs, IReadOnlyList<string>? outputNames = null, OnnxRunOptions? runOptions = null)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var inputIndices = new int[inputs.Count];
        var inputValues = new OnnxValue[inputs.Count];
        var position = 0;
        foreach (var (name, value) in inputs)
        {
            inputIndices[position] = GetInputIndex(name);
            inputValues[position++] = value;
        }

        var names = outputNames ?? Names(Outputs);
        var outputIndices = new int[names.Count];
        for (var i = 0; i < outputIndices.Length; i++)
        {
            outputIndices[i] = GetOutputIndex(names[i]);
        }

        var outputs = new OnnxValue?[outputIndices.Length];
        Run(inputIndices, inputValues, outputIndices, outputs, runOptions);
        return new OnnxRunResult([.. names], outputs!);
    }

    private void RunCore(
        ReadOnlySpan<int> inputIndices,
        ReadOnlySpan<OnnxValue> inputs,
        ReadOnlySpan<int> outputIndices,
        Span<OnnxValue?> outputs,
        OnnxRunOptions? runOptions,
        bool inModelOrder)
    {
        var inputCount = inputs.Length;
        var outputCount = outputs.Length;
        var pointerCount = (2 * inputCount) + (3 * outputCount);
        nint[]? rented = null;
        var pointers = pointerCount <= StackallocPointerLimit
            ? stackalloc nint[StackallocPointerLimit]
            : rented = ArrayPool<nint>.Shared.Rent(pointerCount);
        pointers = pointers[..pointerCount];
        pointers.Clear();

        var inputValues = pointers[..inputCount];
        var outputValues = pointers.Slice(inputCount, outputCount);
        var inputNames = pointers.Slice(inputCount + outputCount, inputCount);
        var outputNames = pointers.Slice((2 * inputCount) + outputCount, outputCount);

        // 1 where the caller supplied the output value (and we hold a reference on it) rather than ORT allocating it.
        var presetOutputs = pointers.Slice((2 * inputCount) + (2 * outputCount), outputCount);

        var sessionReferenced = false;
        var runOptionsReferenced = false;
        var referencedInputs = 0;
        var succeeded = false;
        try
        {
            _handle.DangerousAddRef(ref sessionReferenced);
            var allInputNames = _handle.InputNames!.Pointers;
            var allOutputNames = _handle.OutputNames!.Pointers;

            for (var i = 0; i < inputCount; i++)
            {
                var value = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"Input {i} is null.");
                inputValues[i] = AddReference(value.Handle);
                referencedInputs++;
                inputNames[i] = (nint)allInputNames[inModelOrder ? i : CheckIndex(inputIndices[i], Inputs.Count, "input")];
            }

            for (var i = 0; i < outputCount; i++)
            {
                outputNames[i] = (nint)allOutputNames[inModelOrder ? i : CheckIndex(outputIndices[i], Outputs.Count, "output")];
            }

            for (var i = 0; i < outputCount; i++)
            {
                if (outputs[i] is { } preset)
                {
                    outputValues[i] = AddReference(preset.Handle);
                    presetOutputs[i] = 1;
                }
            }

            nint runOptionsPointer = 0;
            if (runOptions is not null)
            {
                runOptions.Handle.DangerousAddRef(ref runOptionsReferenced);
                runOptionsPointer = runOptions.Handle.DangerousGetHandle();
            }

            nint status;
            fixed (nint* pointerBlock = pointers)
            {
                status = OrtApi.Run(
                    _handle.DangerousGetHandle(),
                    runOptionsPointer,
                    pointerBlock + inputCount + outputCount,
                    pointerBlock,
                    (nuint)inputCount,
                    pointerBlock + (2 * inputCount) + outputCount,
                    (nuint)outputCount,
                    pointerBlock + inputCount);
            }

            OrtStatus.Check(status);

            for (var i = 0; i < outputCount; i++)
            {
                if (presetOutputs[i] == 0)
                {
                    outputs[i] = new OnnxValue(new OrtValueHandle(outputValues[i]));
                    outputValues[i] = 0; // owned by the wrapper now
                }
            }

            succeeded = true;
        }
        finally
        {
            for (var i = 0; i < referencedInputs; i++)
            {
                inputs[i].Handle.DangerousRelease();
            }

            for (var i = 0; i < outputCount; i++)
            {
                if (presetOutputs[i] != 0)
                {
                    outputs[i]!.Handle.DangerousRelease();
                }
                else if (!succeeded && outputValues[i] != 0)
                {
                    OrtApi.ReleaseValue(outputValues[i]);
                }
            }

            if (runOptionsReferenced)
            {
                runOptions!.Handle.DangerousRelease();
            }

            if (sessionReferenced)
            {
                _handle.DangerousRelease();
            }

            if (rented is not null)
            {
                ArrayPool<nint>.Shared.Return(rented);
            }
        }
    }

    private static nint AddReference(OrtValueHandle handle)
    {
        var added = false;
        handle.DangerousAddRef(ref added);
        return handle.DangerousGetHandle();
    }

    private static int CheckIndex(int index, int count, string what)
        => (uint)index < (uint)count ? index : throw new ArgumentOutOfRangeException(nameof(index), $"There is no {what} at position {index}; the model has {count}.");
}
