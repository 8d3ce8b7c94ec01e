using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>What a handler decided to answer; written (or dropped) by <see cref="LeatFakeRoutes"/>.</summary>
internal sealed record FakeResponse(int StatusCode, JsonNode Body, TimeSpan? RetryAfter = null)
{
    public static FakeResponse Ok(JsonNode? data, JsonNode? meta = null) =>
        new(200, new JsonObject { ["data"] = data, ["meta"] = meta ?? new JsonArray() });
}
