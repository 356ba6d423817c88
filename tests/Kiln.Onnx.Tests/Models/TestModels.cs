using static Kiln.Onnx.Tests.Models.OnnxModelBuilder;

namespace Kiln.Onnx.Tests.Models;

/// <summary>The small models the binding tests run.</summary>
internal static class TestModels
{
    public static byte[] Identity(OnnxElementType type, params object[] dims) => Identity(21, type, dims);

    public static byte[] Identity(long opset, OnnxElementType type, params object[] dims)
        => new OnnxModelBuilder()
            .Opset(string.Empty, opset)
            .Input("x", TensorType(type, dims))
            .Output("y", TensorType(type, dims))
            .Node("Identity", ["x"], ["y"])
            .Build();

    /// <summary>x cast to float and back: for element types ORT's CPU Identity has no kernel for (int4, uint4, float4).</summary>
    public static byte[] CastRoundTrip(OnnxElementType type, params object[] dims)
        => new OnnxModelBuilder()
            .Opset(string.Empty, 25)
            .Input("x", TensorType(type, dims))
            .Output("y", TensorType(type, dims))
            .Node("Cast", ["x"], ["wide"], "", IntAttribute("to", OnnxElementType.Float.ToOnnxDataType()))
            .Node("Cast", ["wide"], ["y"], "", IntAttribute("to", type.ToOnnxDataType()))
            .Build();

    /// <summary>y = x * 2 + b, with x of shape [batch, 3].</summary>
    public static byte[] ScaleAndShift()
        => new OnnxModelBuilder()
            .Input("x", TensorType(OnnxElementType.Float, "batch", 3))
            .Output("y", TensorType(OnnxElementType.Float, "batch", 3))
            .Output("sum", TensorType(OnnxElementType.Float))
            .Initializer("two", OnnxElementType.Float, [], BitConverter.GetBytes(2f))
            .Initializer("b", OnnxElementType.Float, [3], [.. BitConverter.GetBytes(1f), .. BitConverter.GetBytes(2f), .. BitConverter.GetBytes(3f)])
            .Node("Mul", ["x", "two"], ["scaled"])
            .Node("Add", ["scaled", "b"], ["y"])
            .Node("ReduceSum", ["y"], ["sum"], "", IntAttribute("keepdims", 0))
            .Build();

    /// <summary>A classifier head: softmax over [batch, 3] scores, then ZipMap to seq(map(label, float)).</summary>
    public static byte[] ZipMap(bool stringLabels)
    {
        var builder = new OnnxModelBuilder()
            .Opset("ai.onnx.ml", 3)
            .Input("scores", TensorType(OnnxElementType.Float, "batch", 3))
            .Output("probabilities", SequenceType(MapType(stringLabels ? OnnxElementType.String : OnnxElementType.Int64, TensorType(OnnxElementType.Float))))
            .Node("Softmax", ["scores"], ["softmax"], "", IntAttribute("axis", 1));
        return stringLabels
            ? builder.Node("ZipMap", ["softmax"], ["probabilities"], "ai.onnx.ml", StringsAttribute("classlabels_strings", "cat", "dog", "emu")).Build()
            : builder.Node("ZipMap", ["softmax"], ["probabilities"], "ai.onnx.ml", IntsAttribute("classlabels_int64s", 10, 20, 30)).Build();
    }

    /// <summary>Passes strings through and encodes them as int64 codes (ai.onnx.ml LabelEncoder; unknown → -1).</summary>
    public static byte[] StringCodes()
        => new OnnxModelBuilder()
            .Opset("ai.onnx.ml", 3)
            .Input("text", TensorType(OnnxElementType.String, "n"))
            .Output("same", TensorType(OnnxElementType.String, "n"))
            .Output("codes", TensorType(OnnxElementType.Int64, "n"))
            .Node("Identity", ["text"], ["same"])
            .Node(
                "LabelEncoder",
                ["text"],
                ["codes"],
                "ai.onnx.ml",
                StringsAttribute("keys_strings", "alpha", "beta", "grüße"),
                IntsAttribute("values_int64s", 1, 2, 3),
                IntAttribute("default_int64", -1))
            .Build();

    /// <summary>Builds a sequence of its two inputs and returns it with its length.</summary>
    public static byte[] SequenceOfTwo()
        => new OnnxModelBuilder()
            .Input("a", TensorType(OnnxElementType.Float, UnknownDim))
            .Input("b", TensorType(OnnxElementType.Float, UnknownDim))
            .Output("seq", SequenceType(TensorType(OnnxElementType.Float, UnknownDim)))
            .Output("length", TensorType(OnnxElementType.Int64))
            .Node("SequenceConstruct", ["a", "b"], ["seq"])
            .Node("SequenceLength", ["seq"], ["length"])
            .Build();

    /// <summary>A model with every metadata field set, a symbolic and an unknown dimension, and a map input.</summary>
    public static byte[] WithMetadata()
    {
        var builder = new OnnxModelBuilder
        {
            ProducerName = "kiln-producer",
            Domain = "ai.kiln.test",
            ModelVersion = 7,
            Description = "model description",
            GraphName = "metadata_graph",
            GraphDescription = "graph description",
        };
        return builder
            .Opset("ai.onnx.ml", 3)
            .Metadata("author", "kiln")
            .Metadata("purpose", "tests")
            .Input("features", TensorType(OnnxElementType.Float, "batch", UnknownDim, 4))
            .Input("dictionary", MapType(OnnxElementType.Int64, TensorType(OnnxElementType.Float)))
            .Output("same", TensorType(OnnxElementType.Float, "batch", UnknownDim, 4))
            .Output("vector", TensorType(OnnxElementType.Float, 1, 3))
            .Node("Identity", ["features"], ["same"])
            .Node("DictVectorizer", ["dictionary"], ["vector"], "ai.onnx.ml", IntsAttribute("int64_vocabulary", 1, 2, 3))
            .Build();
    }

    /// <summary>A dense layer big enough for threads to overlap: y = relu(x · W), x [batch, 64], W [64, 64].</summary>
    public static byte[] Dense(int size = 64)
    {
        var weights = new float[size * size];
        for (var i = 0; i < weights.Length; i++)
        {
            weights[i] = ((i * 7919) % 200 - 100) / 1000f;
        }

        return new OnnxModelBuilder()
            .Input("x", TensorType(OnnxElementType.Float, "batch", size))
            .Output("y", TensorType(OnnxElementType.Float, "batch", size))
            .Initializer("w", OnnxElementType.Float, [size, size], System.Runtime.InteropServices.MemoryMarshal.AsBytes(weights.AsSpan()))
            .Node("MatMul", ["x", "w"], ["h"])
            .Node("Relu", ["h"], ["y"])
            .Build();
    }

    /// <summary>Many inputs, each passed through to an output of the same position: Run's pointer arrays leave the stack.</summary>
    public static byte[] ManyIdentities(int count)
    {
        var builder = new OnnxModelBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Input($"in{i}", TensorType(OnnxElementType.Int32, 1))
                .Output($"out{i}", TensorType(OnnxElementType.Int32, 1))
                .Node("Identity", [$"in{i}"], [$"out{i}"]);
        }

        return builder.Build();
    }

    /// <summary>An Optional output: Optional(x) when present.</summary>
    public static byte[] OptionalWrap()
        => new OnnxModelBuilder()
            .Input("x", TensorType(OnnxElementType.Float, 2))
            .Output("maybe", OptionalType(TensorType(OnnxElementType.Float, 2)))
            .Output("has", TensorType(OnnxElementType.Bool))
            .Node("Optional", ["x"], ["maybe"])
            .Node("OptionalHasElement", ["maybe"], ["has"])
            .Build();
}
