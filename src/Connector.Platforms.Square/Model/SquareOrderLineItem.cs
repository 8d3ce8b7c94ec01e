using System.Text.Json.Serialization;

namespace Connector.Platforms.Square.Model;

/// <summary>A sold line (<c>OrderLineItem</c>); <c>uid</c> is what returns reference with <c>source_line_item_uid</c>.</summary>
public sealed record SquareOrderLineItem
{
    [JsonPropertyName("uid")]
    public string? Uid { get; init; }

    [JsonPropertyName("name")]
    public string? Name { get; init; }

    [JsonPropertyName("variation_name")]
    public string? VariationName { get; init; }

    /// <summary>Decimal text such as <c>"1"</c> or <c>"2.25"</c>; parse with <see cref="SquareQuantity.Parse(string)"/>.</summary>
    [JsonPropertyName("quantity")]
    public string? Quantity { get; init; }

    /// <summary>The CatalogItemVariation id; custom-amount lines have none.</summary>
    [JsonPropertyName("catalog_object_id")]
    public string? CatalogObjectId { get; init; }

    /// <summary>One of <see cref="SquareLineItemType"/>.</summary>
    [JsonPropertyName("item_type")]
    public string? ItemType { get; init; }

    [JsonPropertyName("base_price_money")]
    public SquareMoney? BasePriceMoney { get; init; }

    [JsonPropertyName("variation_total_price_money")]
    public SquareMoney? VariationTotalPriceMoney { get; init; }

    [JsonPropertyName("gross_sales_money")]
    public SquareMoney? GrossSalesMoney { get; init; }

    [JsonPropertyName("total_discount_money")]
    public SquareMoney? TotalDiscountMoney { get; init; }

    [JsonPropertyName("total_tax_money")]
    public SquareMoney? TotalTaxMoney { get; init; }

    [JsonPropertyName("total_money")]
    public SquareMoney? TotalMoney { get; init; }

    [JsonPropertyName("total_service_charge_money")]
    public SquareMoney? TotalServiceChargeMoney { get; init; }

    [JsonPropertyName("modifiers")]
    public IReadOnlyList<SquareOrderLineItemModifier>? Modifiers { get; init; }

    [JsonPropertyName("applied_discounts")]
    public IReadOnlyList<SquareOrderLineItemAppliedDiscount>? AppliedDiscounts { get; init; }

    [JsonPropertyName("applied_taxes")]
    public IReadOnlyList<SquareOrderLineItemAppliedTax>? AppliedTaxes { get; init; }

    [JsonPropertyName("applied_service_charges")]
    public IReadOnlyList<SquareOrderLineItemAppliedServiceCharge>? AppliedServiceCharges { get; init; }
}
