using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using WireMock;

namespace Connector.Platforms.NewStore.Tests.Client;

/// <summary>
/// Compares a request NewStore received with <c>Client/Golden/&lt;name&gt;.request.json</c>: method, path, query, the
/// headers NewStore reads, and the body — JSON compared as JSON, a form as its fields. Regenerate after a deliberate
/// change and review the diff: <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Platforms.NewStore.Tests --filter Client</c>.
/// </summary>
internal static class NewStoreGoldenRequest
{
    private static readonly string[] Headers = ["Authorization", "Accept", "Content-Type"];
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static void AssertMatches(string name, IRequestMessage request) => AssertMatches(name, Describe(request));

    /// <summary>Compares any JSON document with <c>Client/Golden/&lt;name&gt;.json</c> (same regeneration).</summary>
    public static void AssertMatches(string name, JsonNode actual)
    {
        var file = name.EndsWith(".json", StringComparison.Ordinal) ? name : $"{name}.request.json";
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceDirectory(), "Golden", file), actual.ToJsonString(Indented) + "\n");
            return;
        }

        var path = Path.Combine(AppContext.BaseDirectory, "Client", "Golden", file);
        Assert.True(File.Exists(path), $"{file} is missing; run with UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.True(JsonNode.DeepEquals(expected, actual), $"{file}: expected {expected.ToJsonString()}\nactual   {actual.ToJsonString()}");
    }

    /// <summary>This file's folder (<c>Client/</c>), wherever the calling test lives.</summary>
    private static string SourceDirectory([CallerFilePath] string self = "") => Path.GetDirectoryName(self)!;

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
            ["body"] = Body(request),
        };
    }

    private static JsonNode? Body(IRequestMessage request)
    {
        if (string.IsNullOrEmpty(request.Body))
        {
            return null;
        }

        var contentType = request.Headers?.FirstOrDefault(pair => string.Equals(pair.Key, "Content-Type", StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault() ?? "";
        if (!contentType.StartsWith("application/x-www-form-urlencoded", StringComparison.Ordinal))
        {
            return JsonNode.Parse(request.Body);
        }

        var form = new JsonObject();
        foreach (var pair in request.Body.Split('&'))
        {
            var (key, value) = pair.IndexOf('=', StringComparison.Ordinal) is var at and >= 0 ? (pair[..at], pair[(at + 1)..]) : (pair, "");
            form[Uri.UnescapeDataString(key.Replace('+', ' '))] = Uri.UnescapeDataString(value.Replace('+', ' '));
        }

        return form;
    }
}
