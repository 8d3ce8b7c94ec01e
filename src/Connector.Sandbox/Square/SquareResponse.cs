using System.Text.Json.Nodes;

namespace Connector.Sandbox.Square;

/// <summary>What a handler decided to answer; written by <see cref="SquareSimulatorRoutes"/>.</summary>
internal sealed record SquareResponse(int StatusCode, JsonNode Body, TimeSpan? RetryAfter = null)
{
    public static SquareResponse Ok(JsonObject body) => new(200, body);
}
