using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>Body of <c>POST /v2/orders/batch-retrieve</c> (at most 100 ids).</summary>
public sealed record SquareBatchRetrieveOrdersRequest
{
    [JsonPropertyName("location_id")]
    public string? LocationId { get; init; }

    [JsonPropertyName("order_ids")]
    public IReadOnlyList<string>? OrderIds { get; init; }
}
