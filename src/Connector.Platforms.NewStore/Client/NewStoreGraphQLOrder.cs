using System.Text.Json.Serialization;

namespace Connector.Platforms.NewStore.Client;

/// <summary>The <c>data</c> of the order query: <c>{"order": … | null}</c>.</summary>
public sealed record NewStoreGraphQLOrderData
{
    [JsonPropertyName("order")]
    public NewStoreGraphQLOrder? Order { get; init; }
}

/// <summary>
/// GraphQL's <c>order</c> as <see cref="NewStoreOrderQuery.Text"/> asks for it: camelCase, connections as
/// <c>{nodes: […]}</c>, datetimes as strings without offset (UTC). Converted to the event's order document by
/// <see cref="NewStoreOrderQuery.ToOrder"/>.
/// </summary>
public sealed record NewStoreGraphQLOrder
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("externalId")]
    public string? ExternalId { get; init; }

    [JsonPropertyName("channel")]
    public string? Channel { get; init; }

    [JsonPropertyName("channelType")]
    public string? ChannelType { get; init; }

    [JsonPropertyName("currency")]
    public string? Currency { get; init; }

    [JsonPropertyName("customerEmail")]
    public string? CustomerEmail { get; init; }

    [JsonPropertyName("customerId")]
    public string? CustomerId { get; init; }

    [JsonPropertyName("demandLocationId")]
    public string? DemandLocationId { get; init; }

    /// <summary>Without offset: UTC.</summary>
    [JsonPropertyName("placedAt")]
    public string? PlacedAt { get; init; }

    [JsonPropertyName("isExchange")]
    public bool? IsExchange { get; init; }

    [JsonPropertyName("isHistorical")]
    public bool? IsHistorical { get; init; }

    [JsonPropertyName("priceMethod")]
    public string? PriceMethod { get; init; }

    [JsonPropertyName("subtotal")]
    public decimal? Subtotal { get; init; }

    [JsonPropertyName("discountTotal")]
    public decimal? DiscountTotal { get; init; }

    [JsonPropertyName("shippingTotal")]
    public decimal? ShippingTotal { get; init; }

    [JsonPropertyName("shippingTax")]
    public decimal? ShippingTax { get; init; }

    [JsonPropertyName("taxTotal")]
    public decimal? TaxTotal { get; init; }

    [JsonPropertyName("grandTotal")]
    public decimal? GrandTotal { get; init; }

    [JsonPropertyName("items")]
    public NewStoreGraphQLConnection<NewStoreGraphQLOrderItem>? Items { get; init; }

    [JsonPropertyName("discounts")]
    public NewStoreGraphQLConnection<NewStoreGraphQLDiscount>? Discounts { get; init; }

    [JsonPropertyName("fulfillmentRequests")]
    public NewStoreGraphQLConnection<NewStoreGraphQLFulfillmentRequest>? FulfillmentRequests { get; init; }
}

/// <summary>A connection read as <c>{nodes: […]}</c>.</summary>
public sealed record NewStoreGraphQLConnection<TNode>
{
    [JsonPropertyName("nodes")]
    public IReadOnlyList<TNode>? Nodes { get; init; }
}

/// <summary>One unit of a GraphQL order.</summary>
public sealed record NewStoreGraphQLOrderItem
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    [JsonPropertyName("productId")]
    public string? ProductId { get; init; }

    [JsonPropertyName("quantity")]
    public decimal? Quantity { get; init; }

    [JsonPropertyName("status")]
    public string? Status { get; init; }

    [JsonPropertyName("listPrice")]
    public decimal? ListPrice { get; init; }

    [JsonPropertyName("pricebookPrice")]
    public decimal? PricebookPrice { get; init; }

    [JsonPropertyName("tax")]
    public decimal? Tax { get; init; }

    [JsonPropertyName("itemDiscounts")]
    public decimal? ItemDiscounts { get; init; }

    [JsonPropertyName("orderDiscounts")]
    public decimal? OrderDiscounts { get; init; }
}

/// <summary>An order-level discount; GraphQL is only known to expose its coupon code.</summary>
public sealed record NewStoreGraphQLDiscount
{
    [JsonPropertyName("couponCode")]
    public string? CouponCode { get; init; }
}

/// <summary>A fulfilment request: its service level applies to the order items it holds.</summary>
public sealed record NewStoreGraphQLFulfillmentRequest
{
    [JsonPropertyName("serviceLevel")]
    public string? ServiceLevel { get; init; }

    [JsonPropertyName("items")]
    public NewStoreGraphQLConnection<NewStoreGraphQLFulfillmentItem>? Items { get; init; }
}

/// <summary>An order item inside a fulfilment request, by id.</summary>
public sealed record NewStoreGraphQLFulfillmentItem
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }
}
