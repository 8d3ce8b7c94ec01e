using System.Text.Json;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>A request the test server received.</summary>
internal sealed record SquareTestRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Body)
{
    public JsonElement Json => JsonDocument.Parse(Body ?? "null").RootElement;

    public string? QueryValue(string name) => Query.TryGetValue(name, out var value) ? value : null;
}
