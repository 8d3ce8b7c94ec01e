using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Model;

/// <summary>
/// The payload of <c>return.processed</c>. Refund amounts are NewStore's own (net of earlier appeasements, the
/// lowest remaining unit of a product consumed first), in decimal major units of <see cref="Currency"/>.
/// </summary>
public sealed record NewStoreReturn
{
    /// <summary>The return UUID; the Leat return is <c>newstore:return:&lt;Id&gt;</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The order UUID; absent for blind returns (no original order).</summary>
    [JsonPropertyName("order_id")]
    public string? OrderId { get; init; }

    [JsonPropertyName("returned_at")]
    public DateTimeOffset? ReturnedAt { get; init; }

    [JsonPropertyName("total_refund_amount")]
    public decimal TotalRefundAmount { get; init; }

    [JsonPropertyName("total_refund_amount_adjusted")]
    public decimal? TotalRefundAmountAdjusted { get; init; }

    [JsonPropertyName("total_refund_excl_tax")]
    public decimal? TotalRefundExclTax { get; init; }

    [JsonPropertyName("total_refund_tax")]
    public decimal? TotalRefundTax { get; init; }

    /// <summary>Kept by the merchant; already deducted from the refund.</summary>
    [JsonPropertyName("return_fee")]
    public decimal ReturnFee { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    [JsonPropertyName("return_location_id")]
    public string? ReturnLocationId { get; init; }

    [JsonPropertyName("customer_email")]
    public string? CustomerEmail { get; init; }

    [JsonPropertyName("customer_id")]
    public string? CustomerId { get; init; }

    [JsonPropertyName("is_historical")]
    public bool IsHistorical { get; init; }

    /// <summary>One entry per returned unit.</summary>
    [JsonPropertyName("items")]
    public IReadOnlyList<NewStoreReturnItem> Items { get; init; } = [];
}

/// <summary>One returned unit.</summary>
public sealed record NewStoreReturnItem
{
    /// <summary>The returned order item UUID.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("product_id")]
    public string? ProductId { get; init; }

    [JsonPropertyName("quantity")]
    public decimal Quantity { get; init; } = 1;

    /// <summary>NewStore's refund for this unit (gross).</summary>
    [JsonPropertyName("refund_amount")]
    public decimal RefundAmount { get; init; }

    [JsonPropertyName("refund_amount_adjusted")]
    public decimal? RefundAmountAdjusted { get; init; }

    [JsonPropertyName("refund_excl_tax")]
    public decimal? RefundExclTax { get; init; }

    [JsonPropertyName("refund_tax")]
    public decimal? RefundTax { get; init; }

    [JsonPropertyName("return_reason")]
    public string? ReturnReason { get; init; }

    [JsonPropertyName("item_condition")]
    public string? ItemCondition { get; init; }
}
