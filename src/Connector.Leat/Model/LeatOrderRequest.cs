using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>
/// Body of <c>POST /orders</c>, <c>/orders/create-and-process</c> and <c>/orders/simulate</c>.
/// All amounts are <c>long</c> minor units of <see cref="Currency"/>; run
/// <see cref="Balance.LeatPayloadBalance.EnsureBalanced(LeatOrderRequest)"/> before sending.
/// </summary>
public sealed record LeatOrderRequest
{
    [JsonPropertyName("external_identifier")]
    public required string ExternalIdentifier { get; init; }

    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    /// <summary>One of <see cref="LeatOrderStatus"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>One of <see cref="LeatPaymentStatus"/>.</summary>
    [JsonPropertyName("payment_status")]
    public required string PaymentStatus { get; init; }

    [JsonPropertyName("total_order_amount")]
    public required long TotalOrderAmount { get; init; }

    [JsonPropertyName("order_amount")]
    public long? OrderAmount { get; init; }

    [JsonPropertyName("total_discount_amount")]
    public long? TotalDiscountAmount { get; init; }

    /// <summary>ISO 4217 code; Leat defaults to the account's currency when absent.</summary>
    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    [JsonPropertyName("paid_at")]
    public DateTimeOffset? PaidAt { get; init; }

    [JsonPropertyName("completed_at")]
    public DateTimeOffset? CompletedAt { get; init; }

    [JsonPropertyName("contact")]
    public required LeatUuidRef Contact { get; init; }

    /// <summary>The Leat shop uuid (Leat calls shops "business profiles" in the Orders API).</summary>
    [JsonPropertyName("business_profile")]
    public required LeatUuidRef BusinessProfile { get; init; }

    [JsonPropertyName("line_items")]
    public required IReadOnlyList<LeatLineItem> LineItems { get; init; }

    [JsonPropertyName("applied_discounts")]
    public IReadOnlyList<LeatAppliedDiscount>? AppliedDiscounts { get; init; }

    [JsonPropertyName("charges")]
    public IReadOnlyList<LeatCharge>? Charges { get; init; }

    [JsonPropertyName("payments")]
    public IReadOnlyList<LeatPayment>? Payments { get; init; }
}
