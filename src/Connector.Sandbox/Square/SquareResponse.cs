using System.Text.Json.Nodes;

namespace Connector.Sandbox.Square;

/// <summary>What a handler decided to answer, already in its UTF-8 wire form; written by <see cref="SquareSimulatorRoutes"/>.</summary>
internal sealed record SquareResponse(int StatusCode, ReadOnlyMemory<byte> Json, TimeSpan? RetryAfter = null)
{
    public static SquareResponse Ok(JsonObject body) => new(200, SquareJson.SerializeToUtf8(body));

    public static SquareResponse Ok(ReadOnlyMemory<byte> json) => new(200, json);

    public static SquareResponse Of(int statusCode, JsonNode body, TimeSpan? retryAfter) => new(statusCode, SquareJson.SerializeToUtf8(body), retryAfter);
}
