using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Answer of <c>GET /v2/customers/{customer_id}</c>.</summary>
public sealed record SquareRetrieveCustomerResponse
{
    [JsonPropertyName("customer")]
    public SquareCustomer? Customer { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
