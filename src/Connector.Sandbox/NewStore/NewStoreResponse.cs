using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>What a handler decided to answer; written by <see cref="NewStoreSimulatorRoutes"/>.</summary>
internal sealed record NewStoreResponse(int StatusCode, JsonNode? Body)
{
    public static NewStoreResponse Ok(JsonNode body) => new(200, body);

    /// <summary>NewStore's JSON error body (<c>error_code</c> + <c>message</c>).</summary>
    public static NewStoreResponse Error(int status, string errorCode, string message) =>
        new(status, new JsonObject { ["error_code"] = errorCode, ["message"] = message });
}
