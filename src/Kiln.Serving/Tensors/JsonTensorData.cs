using System.Text.Json;
using Kiln.Core;

namespace Kiln.Serving.Tensors;

/// <summary>Reads a JSON scalar or nested array of scalars into a <see cref="TensorBuilder"/>, inferring its shape.</summary>
internal static class JsonTensorData
{
    public const int MaxRank = 16;

    /// <summary>
    /// Reads the value the reader is on (a scalar, or an array at any depth) and returns its rank; its dimensions go
    /// to <paramref name="dimensions"/>. Ragged arrays are rejected. The reader ends on the value's last token.
    /// </summary>
    public static int Read(ref Utf8JsonReader reader, TensorBuilder builder, scoped Span<long> dimensions)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            builder.Add(ref reader);
            return 0;
        }
        Span<long> counts = stackalloc long[MaxRank];
        dimensions[..MaxRank].Fill(-1);
        var depth = 0;
        var maxDepth = 0;
        var leafDepth = -1;
        do
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartArray:
                    if (depth == MaxRank)
                    {
                        throw KilnException.InvalidParameter($"Input '{builder.TensorName}' is nested deeper than {MaxRank} levels.");
                    }
                    if (depth > 0)
                    {
                        counts[depth - 1]++;
                    }
                    if (leafDepth >= 0 && depth >= leafDepth)
                    {
                        throw Ragged(builder);
                    }
                    counts[depth++] = 0;
                    maxDepth = Math.Max(maxDepth, depth);
                    break;
                case JsonTokenType.EndArray:
                    depth--;
                    if (dimensions[depth] < 0)
                    {
                        dimensions[depth] = counts[depth];
                    }
                    else if (dimensions[depth] != counts[depth])
                    {
                        throw Ragged(builder);
                    }
                    break;
                case JsonTokenType.StartObject:
                    throw KilnException.InvalidParameter($"Input '{builder.TensorName}' holds a JSON object where a value or an array was expected.");
                default:
                    counts[depth - 1]++;
                    if (leafDepth < 0)
                    {
                        leafDepth = depth;
                    }
                    else if (leafDepth != depth)
                    {
                        throw Ragged(builder);
                    }
                    builder.Add(ref reader);
                    break;
            }
        }
        while (depth > 0 && reader.Read());
        return leafDepth >= 0 ? leafDepth : maxDepth;
    }

    private static KilnException Ragged(TensorBuilder builder) =>
        KilnException.InvalidParameter($"Input '{builder.TensorName}' is a ragged array: every row must have the same length.");
}
