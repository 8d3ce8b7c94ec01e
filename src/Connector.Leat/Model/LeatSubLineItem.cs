using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A modifier or add-on of a line item; its total counts on top of the parent line's total.</summary>
public sealed record LeatSubLineItem
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("quantity")]
    public required decimal Quantity { get; init; }

    [JsonPropertyName("price")]
    public required long Price { get; init; }

    [JsonPropertyName("total_amount")]
    public required long TotalAmount { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    [JsonPropertyName("product")]
    public LeatExternalRef? Product { get; init; }
}
