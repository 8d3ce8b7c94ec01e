using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>The customer fields the connector needs (<c>Customer</c>). Personal data: never logged.</summary>
public sealed record SquareCustomer
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("given_name")]
    public string? GivenName { get; init; }

    [JsonPropertyName("family_name")]
    public string? FamilyName { get; init; }

    [JsonPropertyName("email_address")]
    public string? EmailAddress { get; init; }

    [JsonPropertyName("phone_number")]
    public string? PhoneNumber { get; init; }
}
