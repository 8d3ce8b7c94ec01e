using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Model;

/// <summary>
/// The order document of <c>order.opened</c> / <c>order.created</c> (and, converted, of GraphQL <c>order(id)</c>).
/// Amounts are decimal major units of <see cref="Currency"/>; discounts are positive amounts to subtract. NewStore
/// models one item per unit: three of a SKU are three <see cref="Items"/>.
/// </summary>
public sealed record NewStoreOrder
{
    /// <summary>The order UUID; the Leat order is <c>newstore:&lt;Id&gt;</c>.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary>The display order number (<c>GD000001234</c>).</summary>
    [JsonPropertyName("external_id")]
    public string? ExternalId { get; init; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; init; }

    [JsonPropertyName("placed_at")]
    public DateTimeOffset? PlacedAt { get; init; }

    /// <summary><c>web</c>, <c>store</c>, <c>mobile</c>, …</summary>
    [JsonPropertyName("channel_type")]
    public string? ChannelType { get; init; }

    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    /// <summary>Where the sale originated; the key of <c>locations</c> in <c>mappings/newstore.json</c>.</summary>
    [JsonPropertyName("demand_location_id")]
    public string? DemandLocationId { get; init; }

    /// <summary>Empty for anonymous point-of-sale sales.</summary>
    [JsonPropertyName("customer_email")]
    public string? CustomerEmail { get; init; }

    [JsonPropertyName("customer_id")]
    public string? CustomerId { get; init; }

    [JsonPropertyName("is_historical")]
    public bool IsHistorical { get; init; }

    [JsonPropertyName("is_exchange")]
    public bool IsExchange { get; init; }

    [JsonPropertyName("exchanges")]
    public IReadOnlyList<NewStoreExchange>? Exchanges { get; init; }

    /// <summary><c>tax_excluded</c> (tax added on top) or <c>tax_included</c> (prices include tax).</summary>
    [JsonPropertyName("price_method")]
    public string? PriceMethod { get; init; }

    [JsonPropertyName("subtotal")]
    public decimal Subtotal { get; init; }

    [JsonPropertyName("discount_total")]
    public decimal DiscountTotal { get; init; }

    [JsonPropertyName("shipping_total")]
    public decimal ShippingTotal { get; init; }

    [JsonPropertyName("shipping_tax")]
    public decimal ShippingTax { get; init; }

    [JsonPropertyName("tax_total")]
    public decimal TaxTotal { get; init; }

    [JsonPropertyName("grand_total")]
    public decimal GrandTotal { get; init; }

    [JsonPropertyName("currency")]
    public required string Currency { get; init; }

    /// <summary>Order-level discounts (newer payloads only).</summary>
    [JsonPropertyName("discounts")]
    public IReadOnlyList<NewStoreDiscount>? Discounts { get; init; }

    [JsonPropertyName("items")]
    public IReadOnlyList<NewStoreOrderItem> Items { get; init; } = [];
}

/// <summary>One unit of an order.</summary>
public sealed record NewStoreOrderItem
{
    /// <summary>The order item UUID; the Leat line's <c>external_identifier</c> and what a return names.</summary>
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("item_type")]
    public string? ItemType { get; init; }

    [JsonPropertyName("product_id")]
    public required string ProductId { get; init; }

    [JsonPropertyName("pricebook_price")]
    public decimal? PricebookPrice { get; init; }

    /// <summary>Unit price charged before discounts.</summary>
    [JsonPropertyName("list_price")]
    public decimal ListPrice { get; init; }

    /// <summary>Item-level discount on this unit (positive).</summary>
    [JsonPropertyName("item_discounts")]
    public decimal ItemDiscounts { get; init; }

    /// <summary>This unit's share of order-level discounts (positive).</summary>
    [JsonPropertyName("order_discounts")]
    public decimal OrderDiscounts { get; init; }

    /// <summary>Tax on this unit.</summary>
    [JsonPropertyName("tax")]
    public decimal Tax { get; init; }

    /// <summary><c>1</c> in every known payload (one item per unit).</summary>
    [JsonPropertyName("quantity")]
    public decimal Quantity { get; init; } = 1;

    /// <summary><c>opened</c>, later <c>cancelled</c>, <c>returned</c>, …</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary><c>sku</c>, <c>ean13</c>, <c>upc</c>, … plus tenant extras.</summary>
    [JsonPropertyName("external_identifiers")]
    public IReadOnlyDictionary<string, string?>? ExternalIdentifiers { get; init; }

    [JsonPropertyName("shipping_service_level")]
    public string? ShippingServiceLevel { get; init; }

    /// <summary>Per-item discount breakdown (newer payloads only).</summary>
    [JsonPropertyName("discounts")]
    public IReadOnlyList<NewStoreDiscount>? Discounts { get; init; }
}

/// <summary>A discount: <c>{coupon_code, price_adjustment, action, level}</c>; older payloads carry only the coupon code.</summary>
public sealed record NewStoreDiscount
{
    [JsonPropertyName("coupon_code")]
    public string? CouponCode { get; init; }

    [JsonPropertyName("price_adjustment")]
    public decimal? PriceAdjustment { get; init; }

    /// <summary><c>fixed</c>, <c>percentage</c>, …</summary>
    [JsonPropertyName("action")]
    public string? Action { get; init; }

    /// <summary><c>order</c> or <c>item</c>.</summary>
    [JsonPropertyName("level")]
    public string? Level { get; init; }
}

/// <summary>What an exchange order replaced: the original order and its return.</summary>
public sealed record NewStoreExchange([property: JsonPropertyName("order_id")] string? OrderId, [property: JsonPropertyName("return_id")] string? ReturnId);
