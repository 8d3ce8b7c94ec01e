using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Connector.Leat.Tests.Client;

/// <summary>
/// Request bodies compared as JSON (not whitespace) with <c>Golden/requests/&lt;case&gt;.json</c>. Regenerate with
/// <c>UPDATE_GOLDEN=1 dotnet test tests/Connector.Leat.Tests --filter Contract</c> and review the diff.
/// </summary>
internal static class LeatRequestGolden
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void AssertMatches(string name, string? body)
    {
        Assert.False(string.IsNullOrEmpty(body), $"the request to compare with {name}.json has no body");
        var actual = JsonNode.Parse(body);
        if (Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceFolder(), name + ".json"), actual!.ToJsonString(Indented) + "\n");
            return;
        }

        var expectedPath = Path.Combine(AppContext.BaseDirectory, "Golden", "requests", name + ".json");
        Assert.True(File.Exists(expectedPath), $"Golden/requests/{name}.json is missing; run with UPDATE_GOLDEN=1 and review it.");
        var expected = JsonNode.Parse(File.ReadAllText(expectedPath));
        Assert.True(
            JsonNode.DeepEquals(expected, actual),
            $"The request body differs from Golden/requests/{name}.json:\nexpected {expected!.ToJsonString()}\nactual   {actual!.ToJsonString()}");
    }

    private static string SourceFolder([CallerFilePath] string thisFile = "") =>
        Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "Golden", "requests");
}
