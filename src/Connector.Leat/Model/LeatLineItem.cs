using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>
/// An order line. <see cref="TotalAmount"/> = price × quantity − discount, excluding its sub line items,
/// which Leat counts separately.
/// </summary>
public sealed record LeatLineItem
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>May be fractional (e.g. 1.5 kg).</summary>
    [JsonPropertyName("quantity")]
    public required decimal Quantity { get; init; }

    /// <summary>Unit price in minor units.</summary>
    [JsonPropertyName("price")]
    public required long Price { get; init; }

    [JsonPropertyName("total_amount")]
    public required long TotalAmount { get; init; }

    [JsonPropertyName("discount_amount")]
    public long? DiscountAmount { get; init; }

    [JsonPropertyName("product")]
    public LeatExternalRef? Product { get; init; }

    /// <summary>A Leat object this line produced (gift card, prepaid, voucher), see <see cref="LeatLineItemResultType"/>.</summary>
    [JsonPropertyName("result")]
    public LeatTypedRef? Result { get; init; }

    [JsonPropertyName("sub_line_items")]
    public IReadOnlyList<LeatSubLineItem>? SubLineItems { get; init; }
}
