using System.Globalization;

namespace Kiln.Onnx.Tests.Conformance;

/// <summary>Runs one ONNX backend node case (model.onnx + test_data_set_*) through the binding.</summary>
internal static class ConformanceRunner
{
    private const string MissingLocaleMessage = "Failed to construct locale with name:en_US.UTF-8";

    private static readonly OnnxSessionOptions Options = new() { IntraOpThreads = 1, InterOpThreads = 1 };

    public static ConformanceResult Run(string caseDirectory)
    {
        var name = Path.GetFileName(caseDirectory);
        OnnxSession session;
        try
        {
            session = OnnxSession.Open(Path.Combine(caseDirectory, "model.onnx"), Options);
        }
        catch (OnnxRuntimeException error) when (error.OrtMessage.Contains(MissingLocaleMessage, StringComparison.Ordinal))
        {
            // Depends on the machine, not on ORT: with the locale installed these cases run and must pass.
            return new ConformanceResult(name, ConformanceOutcome.Skipped, "ORT's StringNormalizer needs the en_US.UTF-8 locale, which this machine lacks (apt-get install locales-all)");
        }
        catch (OnnxRuntimeException error)
        {
            return new ConformanceResult(name, ConformanceOutcome.Failed, $"load: {Flatten(error.Message)}");
        }

        using (session)
        {
            foreach (var dataSet in Directory.GetDirectories(caseDirectory, "test_data_set_*").Order(StringComparer.Ordinal))
            {
                string? problem;
                try
                {
                    problem = RunDataSet(session, dataSet);
                }
                catch (NotSupportedException error)
                {
                    return new ConformanceResult(name, ConformanceOutcome.Skipped, error.Message);
                }
                catch (OnnxRuntimeException error)
                {
                    problem = $"run: {Flatten(error.Message)}";
                }

                if (problem is not null)
                {
                    return new ConformanceResult(name, ConformanceOutcome.Failed, $"{Path.GetFileName(dataSet)}: {problem}");
                }
            }
        }

        return new ConformanceResult(name, ConformanceOutcome.Passed, string.Empty);
    }

    private static string? RunDataSet(OnnxSession session, string dataSet)
    {
        var inputFiles = NumberedFiles(dataSet, "input_");
        var outputFiles = NumberedFiles(dataSet, "output_");
        if (inputFiles.Length > session.Inputs.Count)
        {
            return $"{inputFiles.Length} input files for {session.Inputs.Count} model inputs";
        }

        if (outputFiles.Length > session.Outputs.Count)
        {
            return $"{outputFiles.Length} output files for {session.Outputs.Count} model outputs";
        }

        var inputIndices = new List<int>();
        var inputs = new List<OnnxValue>();
        var outputs = new OnnxValue?[outputFiles.Length];
        try
        {
            for (var i = 0; i < inputFiles.Length; i++)
            {
                var declared = session.Inputs[i].Type;
                var value = ProtoValueFactory.Create(Bfloat16Quirk.Apply(OnnxProtoReader.ReadFile(inputFiles[i], declared.Kind), declared));
                if (value is not null)
                {
                    inputIndices.Add(i);
                    inputs.Add(value);
                }
            }

            var outputIndices = Enumerable.Range(0, outputFiles.Length).ToArray();
            session.Run(inputIndices.ToArray(), inputs.ToArray(), outputIndices, outputs);

            for (var i = 0; i < outputFiles.Length; i++)
            {
                var declared = session.Outputs[i].Type;
                var expected = Bfloat16Quirk.Apply(OnnxProtoReader.ReadFile(outputFiles[i], declared.Kind), declared);
                if (ValueComparer.Compare(expected, outputs[i]!) is { } problem)
                {
                    return $"output {i} ({session.Outputs[i].Name}): {problem}";
                }
            }

            return null;
        }
        finally
        {
            foreach (var value in inputs)
            {
                value.Dispose();
            }

            foreach (var value in outputs)
            {
                value?.Dispose();
            }
        }
    }

    private static string[] NumberedFiles(string directory, string prefix)
        => Directory.GetFiles(directory, prefix + "*.pb")
            .OrderBy(path => int.Parse(Path.GetFileNameWithoutExtension(path)[prefix.Length..], CultureInfo.InvariantCulture))
            .ToArray();

    private static string Flatten(string message)
    {
        var line = message.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "…";
    }
}
