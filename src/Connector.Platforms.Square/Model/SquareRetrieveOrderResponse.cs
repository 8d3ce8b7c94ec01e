using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Answer of <c>GET /v2/orders/{order_id}</c>.</summary>
public sealed record SquareRetrieveOrderResponse
{
    [JsonPropertyName("order")]
    public SquareOrder? Order { get; init; }

    [JsonPropertyName("errors")]
    public IReadOnlyList<SquareError>? Errors { get; init; }
}
