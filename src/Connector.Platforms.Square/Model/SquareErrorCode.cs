namespace Connector.Platforms.Square.Model;

/// <summary>The <c>errors[].code</c> values a read-only connector acts on; Square has many more. Kept as strings so an unknown value never fails a read.</summary>
public static class SquareErrorCode
{
    public const string Unauthorized = "UNAUTHORIZED";

    public const string AccessTokenExpired = "ACCESS_TOKEN_EXPIRED";

    public const string AccessTokenRevoked = "ACCESS_TOKEN_REVOKED";

    public const string InsufficientScopes = "INSUFFICIENT_SCOPES";

    public const string Forbidden = "FORBIDDEN";

    public const string NotFound = "NOT_FOUND";

    public const string BadRequest = "BAD_REQUEST";

    public const string InvalidCursor = "INVALID_CURSOR";

    public const string InvalidValue = "INVALID_VALUE";

    public const string InvalidTimeRange = "INVALID_TIME_RANGE";

    public const string ValueTooHigh = "VALUE_TOO_HIGH";

    public const string ConflictingParameters = "CONFLICTING_PARAMETERS";

    public const string LocationMismatch = "LOCATION_MISMATCH";

    public const string InvalidSquareVersionFormat = "INVALID_SQUARE_VERSION_FORMAT";

    public const string ApiVersionIncompatible = "API_VERSION_INCOMPATIBLE";

    public const string RateLimited = "RATE_LIMITED";

    public const string InternalServerError = "INTERNAL_SERVER_ERROR";

    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";

    public const string GatewayTimeout = "GATEWAY_TIMEOUT";

    public const string BadGateway = "BAD_GATEWAY";
}
