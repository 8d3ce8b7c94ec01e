using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A Square order (<c>Order</c>): a sale, a return order (non-empty <c>returns</c>), or an exchange (both). Only the fields the connector reads; the rest is ignored.</summary>
public sealed record SquareOrder
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("location_id")]
    public string? LocationId { get; init; }

    [JsonPropertyName("reference_id")]
    public string? ReferenceId { get; init; }

    /// <summary>May be missing when the buyer is only linked to a tender; see <see cref="SquareTender.CustomerId"/>.</summary>
    [JsonPropertyName("customer_id")]
    public string? CustomerId { get; init; }

    /// <summary>One of <see cref="SquareOrderState"/>.</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    /// <summary>Increments per committed update; orders not created through the API may have none.</summary>
    [JsonPropertyName("version")]
    public long? Version { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("updated_at")]
    public DateTimeOffset? UpdatedAt { get; init; }

    [JsonPropertyName("closed_at")]
    public DateTimeOffset? ClosedAt { get; init; }

    [JsonPropertyName("source")]
    public SquareOrderSource? Source { get; init; }

    [JsonPropertyName("line_items")]
    public IReadOnlyList<SquareOrderLineItem>? LineItems { get; init; }

    [JsonPropertyName("discounts")]
    public IReadOnlyList<SquareOrderLineItemDiscount>? Discounts { get; init; }

    [JsonPropertyName("taxes")]
    public IReadOnlyList<SquareOrderLineItemTax>? Taxes { get; init; }

    [JsonPropertyName("service_charges")]
    public IReadOnlyList<SquareOrderServiceCharge>? ServiceCharges { get; init; }

    [JsonPropertyName("tenders")]
    public IReadOnlyList<SquareTender>? Tenders { get; init; }

    [JsonPropertyName("refunds")]
    public IReadOnlyList<SquareOrderRefund>? Refunds { get; init; }

    [JsonPropertyName("returns")]
    public IReadOnlyList<SquareOrderReturn>? Returns { get; init; }

    [JsonPropertyName("return_amounts")]
    public SquareOrderMoneyAmounts? ReturnAmounts { get; init; }

    [JsonPropertyName("total_money")]
    public SquareMoney? TotalMoney { get; init; }

    [JsonPropertyName("total_tax_money")]
    public SquareMoney? TotalTaxMoney { get; init; }

    [JsonPropertyName("total_discount_money")]
    public SquareMoney? TotalDiscountMoney { get; init; }

    [JsonPropertyName("total_tip_money")]
    public SquareMoney? TotalTipMoney { get; init; }

    [JsonPropertyName("total_service_charge_money")]
    public SquareMoney? TotalServiceChargeMoney { get; init; }

    [JsonPropertyName("net_amounts")]
    public SquareOrderMoneyAmounts? NetAmounts { get; init; }

    [JsonPropertyName("net_amount_due_money")]
    public SquareMoney? NetAmountDueMoney { get; init; }

    [JsonPropertyName("rounding_adjustment")]
    public SquareOrderRoundingAdjustment? RoundingAdjustment { get; init; }
}
