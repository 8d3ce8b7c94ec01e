using System.Text.Json.Serialization;

namespace Connector.Leat.Model;

/// <summary>An order as Leat returns it. Only <see cref="Uuid"/> is required on read, so a leaner or changed response does not break us.</summary>
public sealed record LeatOrder
{
    [JsonPropertyName("uuid")]
    public required string Uuid { get; init; }

    [JsonPropertyName("external_identifier")]
    public string? ExternalIdentifier { get; init; }

    [JsonPropertyName("reference")]
    public string? Reference { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("payment_status")]
    public string? PaymentStatus { get; init; }

    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    [JsonPropertyName("order_amount")]
    public long? OrderAmount { get; init; }

    [JsonPropertyName("total_order_amount")]
    public long? TotalOrderAmount { get; init; }

    [JsonPropertyName("total_discount_amount")]
    public long? TotalDiscountAmount { get; init; }

    [JsonPropertyName("total_charges_amount")]
    public long? TotalChargesAmount { get; init; }

    [JsonPropertyName("paid_at")]
    public DateTimeOffset? PaidAt { get; init; }

    [JsonPropertyName("completed_at")]
    public DateTimeOffset? CompletedAt { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("contact")]
    public LeatContact? Contact { get; init; }

    [JsonPropertyName("business_profile")]
    public LeatShop? BusinessProfile { get; init; }

    [JsonPropertyName("line_items")]
    public IReadOnlyList<LeatOrderLineItem>? LineItems { get; init; }

    [JsonPropertyName("applied_discounts")]
    public IReadOnlyList<LeatOrderAppliedDiscount>? AppliedDiscounts { get; init; }

    [JsonPropertyName("charges")]
    public IReadOnlyList<LeatOrderCharge>? Charges { get; init; }
}
