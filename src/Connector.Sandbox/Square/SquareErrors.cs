using System.Text.Json.Nodes;

namespace Connector.Sandbox.Square;

/// <summary>Square's error body: <c>{"errors":[{"category","code","detail","field"}]}</c>.</summary>
internal static class SquareErrors
{
    public static SquareResponse Create(int status, string category, string code, string detail, string? field = null, TimeSpan? retryAfter = null)
    {
        var error = new JsonObject { ["category"] = category, ["code"] = code, ["detail"] = detail };
        if (field is not null)
        {
            error["field"] = field;
        }

        return SquareResponse.Of(status, new JsonObject { ["errors"] = new JsonArray(error) }, retryAfter);
    }

    public static SquareResponse Unauthorized() =>
        Create(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized.");

    public static SquareResponse NotFound(string what, string id, string? field = null) =>
        Create(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", $"Could not find {what} with id: {id}", field);

    public static SquareResponse Invalid(string code, string detail, string? field = null) =>
        Create(400, "INVALID_REQUEST_ERROR", code, detail, field);

    public static SquareResponse Injected(int status, TimeSpan? retryAfter) => status switch
    {
        429 => Create(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", "Rate limit exceeded.", retryAfter: retryAfter),
        500 => Create(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "An internal error has occurred.", retryAfter: retryAfter),
        502 => Create(502, "API_ERROR", "BAD_GATEWAY", "Bad gateway.", retryAfter: retryAfter),
        503 => Create(503, "API_ERROR", "SERVICE_UNAVAILABLE", "Service unavailable.", retryAfter: retryAfter),
        504 => Create(504, "API_ERROR", "GATEWAY_TIMEOUT", "Gateway timeout.", retryAfter: retryAfter),
        401 => Unauthorized(),
        _ => Create(status, status >= 500 ? "API_ERROR" : "INVALID_REQUEST_ERROR", status >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST", "Injected failure.", retryAfter: retryAfter),
    };
}
