using System.Buffers;
using Kiln.Onnx.Tests.Models;

namespace Kiln.Onnx.Tests.Binding;

public class SessionTests
{
    [Fact]
    public void Metadata_reports_model_fields_and_custom_properties()
    {
        using var session = OnnxSession.FromBytes(TestModels.WithMetadata());
        var metadata = session.Metadata;
        Assert.Equal("kiln-producer", metadata.ProducerName);
        Assert.Equal("metadata_graph", metadata.GraphName);
        Assert.Equal("graph description", metadata.GraphDescription);
        Assert.Equal("ai.kiln.test", metadata.Domain);
        Assert.Equal("model description", metadata.Description);
        Assert.Equal(7, metadata.Version);
        Assert.Equal("kiln", metadata.CustomMetadata["author"]);
        Assert.Equal("tests", metadata.CustomMetadata["purpose"]);
        Assert.Equal(2, metadata.CustomMetadata.Count);
    }

    [Fact]
    public void Inputs_and_outputs_report_names_kinds_and_shapes()
    {
        using var session = OnnxSession.FromBytes(TestModels.WithMetadata());
        Assert.Equal(["features", "dictionary"], session.Inputs.Select(i => i.Name));
        Assert.Equal(["same", "vector"], session.Outputs.Select(o => o.Name));

        var features = session.Inputs[0].Type;
        Assert.Equal(OnnxValueKind.Tensor, features.Kind);
        Assert.Equal(OnnxElementType.Float, features.ElementType);
        Assert.Equal([-1L, -1, 4], features.Shape);
        Assert.Equal(["batch", null, null], features.SymbolicDimensions);
        Assert.Equal("tensor(float)[batch,?,4]", features.ToString());

        var dictionary = session.Inputs[1].Type;
        Assert.Equal(OnnxValueKind.Map, dictionary.Kind);
        Assert.Equal(OnnxElementType.Int64, dictionary.MapKeyType);
        Assert.Equal(OnnxElementType.Float, dictionary.MapValueType!.ElementType);
        Assert.Equal("map(int64,tensor(float)[])", dictionary.ToString());

        Assert.Equal(1, session.GetInputIndex("dictionary"));
        Assert.Equal(1, session.GetOutputIndex("vector"));
        Assert.Throws<ArgumentException>(() => session.GetInputIndex("nope"));
    }

    [Fact]
    public void Run_errors_carry_ORT_code_and_message()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        using var wrongShape = OnnxValue.CreateTensor(new float[4], 1, 4);
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([wrongShape]));
        Assert.Equal(OrtErrorCode.InvalidArgument, error.Code);
        Assert.Contains("dimensions", error.OrtMessage, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("[InvalidArgument]", error.Message, StringComparison.Ordinal);

        using var wrongType = OnnxValue.CreateTensor(new int[3], 1, 3);
        Assert.Equal(OrtErrorCode.InvalidArgument, Assert.Throws<OnnxRuntimeException>(() => session.Run([wrongType])).Code);
    }

    [Fact]
    public void Run_by_index_computes_only_the_requested_outputs()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        using var x = OnnxValue.CreateTensor(new[] { 1f, 2f, 3f, 4f, 5f, 6f }, 2, 3);
        var outputs = new OnnxValue?[1];
        session.Run([0], [x], [session.GetOutputIndex("sum")], outputs);
        using var sum = outputs[0]!;
        Assert.Equal(2 * 21 + 2 * (1 + 2 + 3), sum.GetTensorData<float>()[0]);
        Assert.Empty(sum.Shape.ToArray());
    }

    [Fact]
    public void Run_by_name_returns_named_outputs()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        using var x = OnnxValue.CreateTensor(new[] { 0f, 0f, 0f }, 1, 3);
        using var result = session.Run(new Dictionary<string, OnnxValue> { ["x"] = x }, ["y"]);
        Assert.Single(result);
        Assert.Equal([1f, 2f, 3f], result["y"].ToArray<float>());
        Assert.Throws<KeyNotFoundException>(() => result["sum"]);
    }

    [Fact]
    public void Outputs_can_be_written_into_caller_buffers()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        var yBuffer = new float[3];
        var sumBuffer = new float[1];
        using var x = OnnxValue.CreateTensor(new[] { 1f, 1f, 1f }, 1, 3);
        using var y = OnnxValue.CreateTensor(yBuffer, 1, 3);
        using var sum = OnnxValue.CreateTensor(sumBuffer, Array.Empty<long>());
        var outputs = new OnnxValue?[] { y, sum };
        session.Run([x], outputs);
        Assert.Same(y, outputs[0]);
        Assert.Equal([3f, 4f, 5f], yBuffer);
        Assert.Equal(12f, sumBuffer[0]);
    }

    [Fact]
    public void Inputs_over_pooled_arrays_can_be_refilled_between_runs()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        var rented = ArrayPool<float>.Shared.Rent(64);
        try
        {
            using var x = OnnxValue.CreateTensor(rented.AsMemory(0, 3), 1, 3);
            for (var round = 0; round < 3; round++)
            {
                rented.AsSpan(0, 3).Fill(round);
                using var y = session.Run([x])[0];
                Assert.Equal([(2 * round) + 1f, (2 * round) + 2f, (2 * round) + 3f], y.ToArray<float>());
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }
    }

    [Fact]
    public void Runs_with_many_inputs_and_outputs_use_pooled_pointer_arrays()
    {
        const int Count = 60;
        using var session = OnnxSession.FromBytes(TestModels.ManyIdentities(Count));
        var inputs = Enumerable.Range(0, Count).Select(i => OnnxValue.CreateTensor(new[] { i * 3 }, 1)).ToArray();
        var outputs = session.Run(inputs);
        for (var i = 0; i < Count; i++)
        {
            Assert.Equal(i * 3, outputs[i].GetTensorData<int>()[0]);
            outputs[i].Dispose();
            inputs[i].Dispose();
        }
    }

    [Fact]
    public void Buffers_smaller_than_the_shape_are_rejected()
        => Assert.Throws<ArgumentException>(() => OnnxValue.CreateTensor(new float[5], 2, 3));

    [Fact]
    public void Zero_sized_tensors_are_supported()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        using var x = OnnxValue.CreateTensor(Array.Empty<float>(), 0, 3);
        var outputs = session.Run([x]);
        Assert.Equal([0L, 3], outputs[0].Shape.ToArray());
        Assert.Equal(0, outputs[0].GetTensorData<float>().Length);
        Assert.Equal(0f, outputs[1].GetTensorData<float>()[0]);
    }

    [Fact]
    public void Concurrent_runs_on_one_session_agree()
    {
        using var session = OnnxSession.FromBytes(TestModels.Dense(), new OnnxSessionOptions { IntraOpThreads = 1 });
        const int Batch = 16;
        var input = new float[Batch * 64];
        for (var i = 0; i < input.Length; i++)
        {
            input[i] = MathF.Sin(i);
        }

        float[] Compute()
        {
            using var x = OnnxValue.CreateTensor(input, Batch, 64);
            using var y = session.Run([x])[0];
            return y.ToArray<float>();
        }

        var expected = Compute();
        var results = new float[8][];
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, worker =>
        {
            float[] last = [];
            for (var round = 0; round < 50; round++)
            {
                last = Compute();
                Assert.Equal(expected, last);
            }

            results[worker] = last;
        });
        Assert.All(results, result => Assert.Equal(expected, result));
    }

    [Fact]
    public void Disposing_twice_is_safe_and_use_after_dispose_throws()
    {
        var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        var x = OnnxValue.CreateTensor(new float[3], 1, 3);
        var y = session.Run([x])[0];
        Assert.Equal(3, y.GetTensorData<float>().Length);
        var options = new OnnxRunOptions("tag");

        session.Dispose();
        session.Dispose();
        x.Dispose();
        x.Dispose();
        y.Dispose();
        y.Dispose();
        options.Dispose();
        options.Dispose();

        Assert.True(x.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => y.GetTensorData<float>().Length);
        Assert.Throws<ObjectDisposedException>(() => options.Terminate());
        using var fresh = OnnxValue.CreateTensor(new float[3], 1, 3);
        Assert.Throws<ObjectDisposedException>(() => session.Run([fresh]));
        Assert.Throws<ObjectDisposedException>(() => new OnnxSession[] { session }[0].Run([x]));
    }

    [Fact]
    public void Session_options_are_applied()
    {
        var options = new OnnxSessionOptions
        {
            IntraOpThreads = 2,
            InterOpThreads = 2,
            ExecutionMode = OnnxExecutionMode.Parallel,
            GraphOptimizationLevel = OnnxGraphOptimizationLevel.Basic,
            EnableMemoryPattern = false,
            EnableCpuMemoryArena = false,
            LogLevel = OnnxLogLevel.Error,
            LogId = "options-test",
        };
        options.ConfigEntries["session.intra_op.allow_spinning"] = "0";
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift(), options);
        using var x = OnnxValue.CreateTensor(new float[3], 1, 3);
        using var y = session.Run([x])[0];
        Assert.Equal([1f, 2f, 3f], y.ToArray<float>());

    }

    [Fact]
    public void Sessions_open_from_files()
    {
        var path = Path.Combine(Path.GetTempPath(), $"kiln-onnx-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TestModels.ScaleAndShift());
        try
        {
            using var session = OnnxSession.Open(path);
            Assert.Equal("x", session.Inputs[0].Name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Terminated_run_options_stop_runs_until_reset()
    {
        using var session = OnnxSession.FromBytes(TestModels.ScaleAndShift());
        using var options = new OnnxRunOptions("terminate-test", OnnxLogLevel.Fatal);
        using var x = OnnxValue.CreateTensor(new float[3], 1, 3);
        options.Terminate();
        var error = Assert.Throws<OnnxRuntimeException>(() => session.Run([x], options));
        Assert.Contains("terminate", error.OrtMessage, StringComparison.OrdinalIgnoreCase);
        options.ResetTerminate();
        using var y = session.Run([x], options)[0];
        Assert.Equal("terminate-test", options.Tag);
    }
}
