using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Client;

/// <summary>
/// The identity service's (Keycloak's) answer to a client-credentials token request. Only the fields the client uses
/// are read; <c>refresh_expires_in</c>, <c>scope</c> and <c>not-before-policy</c> are ignored (with client credentials
/// a new token is simply requested again).
/// </summary>
public sealed record NewStoreToken
{
    /// <summary>The bearer token. Secret: never logged.</summary>
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; init; }

    /// <summary>Lifetime in seconds (the API client's token TTL set in NewStore Omnichannel Manager).</summary>
    [JsonPropertyName("expires_in")]
    public long? ExpiresIn { get; init; }

    /// <summary><c>Bearer</c>.</summary>
    [JsonPropertyName("token_type")]
    public string? TokenType { get; init; }

    /// <summary>Keeps the token out of anything that prints the record.</summary>
    public override string ToString() => $"TokenType={TokenType}, ExpiresIn={ExpiresIn}, AccessToken={(string.IsNullOrEmpty(AccessToken) ? "not set" : "set")}";
}

/// <summary>Keycloak's (OAuth2's) error body: <c>{"error": "invalid_client", "error_description": "…"}</c>.</summary>
public sealed record NewStoreIdentityError
{
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; init; }
}
