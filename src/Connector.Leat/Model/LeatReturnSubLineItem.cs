using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A returned quantity/amount of a sub line item (modifier).</summary>
public sealed record LeatReturnSubLineItem
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("quantity")]
    public required decimal Quantity { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    [JsonPropertyName("total_amount")]
    public long? TotalAmount { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }
}
