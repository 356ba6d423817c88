using System.Text.Json;
using Kiln.Onnx;
using Kiln.Serving.Inference;
using Kiln.TestSupport;

namespace Kiln.Serving.Tests;

/// <summary>Fixture models opened directly, with their MLmodel signature, for codec and runner tests.</summary>
internal sealed class TestModel : IDisposable
{
    private TestModel(OnnxSession session, ModelSchema schema)
    {
        Session = session;
        Schema = schema;
    }

    public OnnxSession Session { get; }

    public ModelSchema Schema { get; }

    public static TestModel Open(string fixture, string? signatureJson = null)
    {
        var session = OnnxSession.Open(Path.Combine(Fixtures.Model(fixture), "model.onnx"));
        var signature = signatureJson ?? Signature(fixture);
        using var document = signature is null ? null : JsonDocument.Parse(signature);
        return new TestModel(session, ModelSchema.Create(session, document?.RootElement.Clone()));
    }

    /// <summary>The fixture's MLmodel signature as the registry stores it (inputs/outputs decoded from their JSON strings).</summary>
    private static string? Signature(string fixture)
    {
        var text = File.ReadAllText(Path.Combine(Fixtures.Model(fixture), "MLmodel"));
        var model = Kiln.Registry.MLmodel.Parse(text);
        return model.Signature?.ToJsonString();
    }

    public void Dispose() => Session.Dispose();
}
