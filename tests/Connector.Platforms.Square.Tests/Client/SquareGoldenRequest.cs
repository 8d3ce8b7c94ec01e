using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// Compares a request Square received with <c>Client/Golden/&lt;name&gt;.request.json</c>: method, path, query, the
/// headers Square cares about and the JSON body, compared as JSON. Regenerate after a deliberate change and review
/// the diff: <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Platforms.Square.Tests --filter Client</c>.
/// </summary>
internal static class SquareGoldenRequest
{
    private static readonly string[] Headers = ["Authorization", "Square-Version", "Accept", "Content-Type"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void AssertMatches(string name, IRequestMessage request, [CallerFilePath] string source = "")
    {
        var actual = Describe(request);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(Path.GetDirectoryName(source)!, "Golden", $"{name}.request.json"), actual.ToJsonString(Indented) + "\n");
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Client", "Golden", $"{name}.request.json");
        Assert.True(File.Exists(path), $"{name}.request.json is missing; run with UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{name}: expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
    }

    private static JsonObject Describe(IRequestMessage request)
    {
        var query = new JsonObject();
        foreach (var (key, values) in (request.Query ?? new Dictionary<string, WireMock.Types.WireMockList<string>>()).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            query[key] = string.Join(",", values);
        }

        var headers = new JsonObject();
        foreach (var header in Headers)
        {
            var value = request.Headers?.FirstOrDefault(pair => string.Equals(pair.Key, header, StringComparison.OrdinalIgnoreCase)).Value;
            if (value is not null)
            {
                headers[header] = string.Join(", ", value);
            }
        }

        return new JsonObject
        {
            ["method"] = request.Method,
            ["path"] = request.AbsolutePath,
            ["query"] = query,
            ["headers"] = headers,
            ["body"] = string.IsNullOrEmpty(request.Body) ? null : JsonNode.Parse(request.Body),
        };
    }
}
