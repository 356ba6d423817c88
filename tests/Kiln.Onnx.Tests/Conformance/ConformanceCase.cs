namespace Kiln.Onnx.Tests.Conformance;

internal enum ConformanceOutcome
{
    Passed,
    Failed,
    Skipped,
}

/// <summary>The result of running one ONNX backend node case.</summary>
internal sealed record ConformanceResult(string Name, ConformanceOutcome Outcome, string Detail);
