using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A sub line item as stored by Leat (with its Leat uuid).</summary>
public sealed record LeatOrderSubLineItem
{
    [JsonPropertyName("uuid")]
    public string? Uuid { get; init; }

    [JsonPropertyName("external_identifier")]
    public string? ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("quantity")]
    public decimal? Quantity { get; init; }

    [JsonPropertyName("price")]
    public long? Price { get; init; }

    [JsonPropertyName("total_amount")]
    public long? TotalAmount { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }
}
