using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>A returned quantity/amount of an order line, by the line's external identifier as sent on the order.</summary>
public sealed record LeatReturnLineItem
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    /// <summary>0 is legal for an amount-only refund on the line.</summary>
    [JsonPropertyName("quantity")]
    public required decimal Quantity { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    /// <summary>After discounts. When absent Leat derives it from remaining quantity and price, possibly ignoring discounts.</summary>
    [JsonPropertyName("total_amount")]
    public long? TotalAmount { get; init; }

    [JsonPropertyName("reason")]
    public string? Reason { get; init; }

    /// <summary>Nested under their parent line, as in Leat's docs.</summary>
    [JsonPropertyName("sub_line_items")]
    public IReadOnlyList<LeatReturnSubLineItem>? SubLineItems { get; init; }
}
