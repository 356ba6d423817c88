using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Kiln.TestSupport;

namespace Kiln.Server.Tests.Inference;

/// <summary>The binary tensor extension: raw input bytes after the JSON header, binary outputs on request.</summary>
public sealed class BinaryTensorTests : InferenceTestBase
{
    protected override TestBackend Backend => TestBackend.Sqlite;

    [Fact]
    public async Task Binary_inputs_and_outputs_round_trip()
    {
        var fixture = ServingFixture.Load("iris_random_forest");
        await RegisterAndServeAsync("iris", "iris_random_forest");
        var input = fixture.Expected.GetProperty("inputs")[0];
        var values = input.GetProperty("data").EnumerateArray().Select(v => (float)v.GetDouble()).ToArray();
        var rows = values.Length / 4;
        var json = "{\"id\":\"b\",\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[" + rows + ",4],\"parameters\":{\"binary_data_size\":" + (values.Length * 4) + "}}],\"outputs\":[{\"name\":\"probabilities\",\"parameters\":{\"binary_data\":true}},{\"name\":\"label\"}]}";
        var header = Encoding.UTF8.GetBytes(json);
        var body = new byte[header.Length + (values.Length * 4)];
        header.CopyTo(body, 0);
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(body.AsSpan(header.Length + (i * 4)), values[i]);
        }
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/octet-stream");
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        using var response = await Client.PostAsync("v2/models/iris/infer", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        var probabilities = Output(document.RootElement, "probabilities");
        Assert.False(probabilities.TryGetProperty("data", out _));
        var size = probabilities.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
        Assert.Equal(rows * 3 * 4, size);
        Assert.Equal(jsonLength + size, bytes.Length);
        var floats = new double[rows * 3];
        for (var i = 0; i < floats.Length; i++)
        {
            floats[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(jsonLength + (i * 4)));
        }
        var labels = Output(document.RootElement, "label").GetProperty("data").EnumerateArray().Select(l => (double)l.GetInt64()).ToArray();
        fixture.AssertOutputs(name => name == "probabilities" ? (floats, null, [rows, 3]) : (labels, null, [rows]));
    }

    [Fact]
    public async Task Binary_bytes_inputs_and_binary_data_output_parameter()
    {
        await RegisterAndServeAsync("fruit", "fruit_quality_categorical");
        static byte[] Strings(params string[] values)
        {
            var buffer = new List<byte>();
            foreach (var value in values)
            {
                var utf8 = Encoding.UTF8.GetBytes(value);
                buffer.AddRange(BitConverter.GetBytes((uint)utf8.Length));
                buffer.AddRange(utf8);
            }
            return [.. buffer];
        }
        var color = Strings("red", "yellow");
        var origin = Strings("south", "west");
        var weight = new byte[8];
        BinaryPrimitives.WriteSingleLittleEndian(weight, 150.5f);
        BinaryPrimitives.WriteSingleLittleEndian(weight.AsSpan(4), 166f);
        var json = "{\"parameters\":{\"binary_data_output\":true},\"inputs\":[{\"name\":\"color\",\"datatype\":\"BYTES\",\"shape\":[2,1],\"parameters\":{\"binary_data_size\":" + color.Length + "}},{\"name\":\"origin\",\"datatype\":\"BYTES\",\"shape\":[2,1],\"parameters\":{\"binary_data_size\":" + origin.Length + "}},{\"name\":\"weight\",\"datatype\":\"FP32\",\"shape\":[2,1],\"parameters\":{\"binary_data_size\":8}}]}";
        var header = Encoding.UTF8.GetBytes(json);
        using var content = new ByteArrayContent([.. header, .. color, .. origin, .. weight]);
        content.Headers.Add("Inference-Header-Content-Length", header.Length.ToString(CultureInfo.InvariantCulture));
        using var response = await Client.PostAsync("v2/models/fruit/infer", content);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, Encoding.UTF8.GetString(bytes));
        var jsonLength = int.Parse(response.Headers.GetValues("Inference-Header-Content-Length").Single(), CultureInfo.InvariantCulture);
        using var document = JsonDocument.Parse(bytes.AsMemory(0, jsonLength));
        var total = document.RootElement.GetProperty("outputs").EnumerateArray().Sum(o => o.GetProperty("parameters").GetProperty("binary_data_size").GetInt32());
        Assert.Equal(jsonLength + total, bytes.Length);

        var same = await PostAsync("v2/models/fruit/infer", """{"inputs":[{"name":"color","datatype":"BYTES","shape":[2,1],"data":["red","yellow"]},{"name":"origin","datatype":"BYTES","shape":[2,1],"data":["south","west"]},{"name":"weight","datatype":"FP32","shape":[2,1],"data":[150.5,166]}],"outputs":[{"name":"probabilities"}]}""");
        var expected = Output(same.EnsureOk().Json, "probabilities").GetProperty("data").EnumerateArray().Select(v => v.GetSingle()).ToArray();
        var offset = jsonLength;
        foreach (var output in document.RootElement.GetProperty("outputs").EnumerateArray())
        {
            var size = output.GetProperty("parameters").GetProperty("binary_data_size").GetInt32();
            if (output.GetProperty("name").GetString() == "probabilities")
            {
                var actual = Enumerable.Range(0, size / 4).Select(i => BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset + (i * 4)))).ToArray();
                Assert.Equal(expected, actual);
            }
            offset += size;
        }

        var mismatch = await PostAsync("v2/models/fruit/infer", json);
        Assert.Equal(HttpStatusCode.BadRequest, mismatch.Status);
        Assert.Contains("binary", Error(mismatch), StringComparison.Ordinal);
    }
}
