using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>What a handler decided to answer; written by <see cref="NewStoreSimulatorRoutes"/>.</summary>
internal sealed record NewStoreResponse(int StatusCode, JsonNode? Body, TimeSpan? RetryAfter = null, string? Html = null)
{
    public static NewStoreResponse Ok(JsonNode body) => new(200, body);

    /// <summary>NewStore's JSON error body (<c>error_code</c> + <c>message</c>).</summary>
    public static NewStoreResponse Error(int status, string errorCode, string message) =>
        new(status, new JsonObject { ["error_code"] = errorCode, ["message"] = message });

    /// <summary>
    /// An injected failure. 403 is the IP rate-limit block, whose body is not JSON (reference 6.1: auth 403s are JSON,
    /// this one is not, so a client must not take it for an expired token); 429 carries <c>Retry-After</c>.
    /// </summary>
    public static NewStoreResponse Injected(int status, TimeSpan? retryAfter) => status switch
    {
        403 => new(403, null, retryAfter, "<html><head><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>Request blocked.</body></html>"),
        429 => Error(429, "too_many_requests", "Rate limit exceeded.") with { RetryAfter = retryAfter },
        _ => Error(status, status >= 500 ? "internal_server_error" : "injected_fault", $"Injected fault {status}.") with { RetryAfter = retryAfter },
    };
}
