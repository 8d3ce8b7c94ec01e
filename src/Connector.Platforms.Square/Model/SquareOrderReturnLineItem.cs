using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A returned line (<c>OrderReturnLineItem</c>); <c>source_line_item_uid</c> is the sale line's <c>uid</c>. Amounts are positive.</summary>
public sealed record SquareOrderReturnLineItem
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("source_line_item_uid")]
    public string? SourceLineItemUid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("variation_name")]
    public string? VariationName { get; init; }

    /// <summary>Decimal text; parse with <see cref="SquareQuantity.Parse(string)"/>.</summary>
    [JsonPropertyName("quantity")]
    public string? Quantity { get; init; }

    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }

    /// <summary>One of <see cref="SquareLineItemType"/>; CUSTOM_AMOUNT marks an amount-only refund line.</summary>
    [JsonPropertyName("item_type")]
    public string? ItemType { get; init; }

    [JsonPropertyName("return_modifiers")]
    public IReadOnlyList<SquareOrderReturnLineItemModifier>? ReturnModifiers { get; init; }

    [JsonPropertyName("applied_discounts")]
    public IReadOnlyList<SquareOrderLineItemAppliedDiscount>? AppliedDiscounts { get; init; }

    [JsonPropertyName("applied_taxes")]
    public IReadOnlyList<SquareOrderLineItemAppliedTax>? AppliedTaxes { get; init; }

    [JsonPropertyName("applied_service_charges")]
    public IReadOnlyList<SquareOrderLineItemAppliedServiceCharge>? AppliedServiceCharges { get; init; }

    [JsonPropertyName("base_price_money")]
    public SquareMoney? BasePriceMoney { get; init; }

    [JsonPropertyName("variation_total_price_money")]
    public SquareMoney? VariationTotalPriceMoney { get; init; }

    [JsonPropertyName("gross_return_money")]
    public SquareMoney? GrossReturnMoney { get; init; }

    [JsonPropertyName("total_tax_money")]
    public SquareMoney? TotalTaxMoney { get; init; }

    [JsonPropertyName("total_discount_money")]
    public SquareMoney? TotalDiscountMoney { get; init; }

    [JsonPropertyName("total_money")]
    public SquareMoney? TotalMoney { get; init; }

    [JsonPropertyName("total_service_charge_money")]
    public SquareMoney? TotalServiceChargeMoney { get; init; }
}
