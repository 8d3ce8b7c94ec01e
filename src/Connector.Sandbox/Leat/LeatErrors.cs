using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>
/// Leat's error body is <c>{status_code, code, message, errors}</c> (PHP SDK <c>ExceptionMapper</c>). Which numeric code
/// goes with which HTTP status is undocumented for Orders; the codes below marked "guess" must be checked against a
/// real account before a client relies on them.
/// </summary>
internal static class LeatErrors
{
    /// <summary>Leat's documented "Invalid input." code, used for every validation failure.</summary>
    public const int InvalidInput = 1003;

    /// <summary>Documented "Shop not found." code.</summary>
    public const int ShopNotFound = 1008;

    /// <summary>Documented "Contact not found." code.</summary>
    public const int ContactNotFound = 55031;

    /// <summary>Guess: no order-specific code is documented.</summary>
    public const int OrderNotFound = 70001;

    /// <summary>Guess: the docs only say an invalid token gives HTTP 401.</summary>
    public const int Unauthenticated = 1001;

    public static FakeResponse Create(int status, int code, string message, JsonObject? errors = null, TimeSpan? retryAfter = null)
    {
        var body = new JsonObject { ["status_code"] = status, ["code"] = code, ["message"] = message };
        if (errors is not null)
        {
            body["errors"] = errors;
        }

        return new FakeResponse(status, body, retryAfter);
    }

    public static FakeResponse Validation(ValidationErrors errors) =>
        Create(422, InvalidInput, "The given data was invalid.", errors.ToJson());

    /// <summary>
    /// A duplicate external identifier. Guess until tried against a real account: 422 with code 1003 and a
    /// <em>string</em> (not array) error value, because Leat's SDK had to learn to parse both (commit fa39209).
    /// </summary>
    public static FakeResponse Duplicate(string field = "external_identifier") =>
        Create(422, InvalidInput, "The given data was invalid.", new JsonObject { [field] = "The external identifier has already been taken." });

    public static FakeResponse Unauthorized() => Create(401, Unauthenticated, "Unauthenticated.");

    public static FakeResponse NotFound(int code, string message) => Create(404, code, message);

    public static FakeResponse Injected(int status, TimeSpan? retryAfter) => Create(
        status,
        status,
        status switch
        {
            429 => "Too Many Attempts.",
            503 => "Service Unavailable.",
            _ => "Server Error.",
        },
        retryAfter: retryAfter);
}
