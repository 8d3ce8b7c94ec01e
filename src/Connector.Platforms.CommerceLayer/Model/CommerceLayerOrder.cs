namespace Connector.Platforms.CommerceLayer.Model;

/// <summary>
/// A Commerce Layer order (<c>type: orders</c>) with the related resources its document included, resolved. Amounts are
/// integers in the currency's minor unit (Commerce Layer's <c>*_cents</c>; the <c>*_float</c> and <c>formatted_*</c>
/// siblings are never read). Enum-like values are plain strings (<see cref="CommerceLayerStatuses"/>) so an unknown
/// value never fails a read. A relationship that was not included is an empty list or null.
/// </summary>
public sealed record CommerceLayerOrder
{
    public required string Id { get; init; }

    /// <summary>The order number as shown in the dashboard; a JSON number or a string on the wire, always a string here.</summary>
    public string? Number { get; init; }

    /// <summary><c>draft</c>, <c>pending</c>, <c>editing</c>, <c>placing</c>, <c>placed</c>, <c>approved</c>, <c>cancelled</c>.</summary>
    public string? Status { get; init; }

    /// <summary><c>unpaid</c>, <c>authorized</c>, <c>paid</c>, <c>partially_refunded</c>, <c>refunded</c>, <c>free</c>, …</summary>
    public string? PaymentStatus { get; init; }

    public string? FulfillmentStatus { get; init; }

    public bool Guest { get; init; }

    public string? CustomerEmail { get; init; }

    public string? LanguageCode { get; init; }

    /// <summary>ISO 4217, inherited from the market.</summary>
    public string? CurrencyCode { get; init; }

    /// <summary>True when the price list's amounts include tax.</summary>
    public bool TaxIncluded { get; init; }

    public string? CountryCode { get; init; }

    public string? CouponCode { get; init; }

    public string? GiftCardCode { get; init; }

    /// <summary>Sum of the SKU and bundle lines' totals.</summary>
    public long SubtotalAmountCents { get; init; }

    public long ShippingAmountCents { get; init; }

    /// <summary>The payment method's fee.</summary>
    public long PaymentMethodAmountCents { get; init; }

    /// <summary>Sum of all promotions; negative.</summary>
    public long DiscountAmountCents { get; init; }

    /// <summary>Sum of adjustments; either sign.</summary>
    public long AdjustmentAmountCents { get; init; }

    /// <summary>Gift-card redemption; negative when a gift card paid part of the order.</summary>
    public long GiftCardAmountCents { get; init; }

    public long TotalTaxAmountCents { get; init; }

    /// <summary>The order's total amount.</summary>
    public long TotalAmountCents { get; init; }

    /// <summary>The total with taxes (the total itself when prices include tax); gift cards deducted.</summary>
    public long TotalAmountWithTaxesCents { get; init; }

    public DateTimeOffset? PlacedAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? CancelledAt { get; init; }

    public DateTimeOffset? PaymentUpdatedAt { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }

    /// <summary>The <c>market</c> relationship's id, known even when the market itself was not included.</summary>
    public string? MarketId { get; init; }

    /// <summary>The included market (for its <c>code</c>), or null.</summary>
    public CommerceLayerMarket? Market { get; init; }

    /// <summary>The <c>customer</c> relationship's id; null for guest orders.</summary>
    public string? CustomerId { get; init; }

    /// <summary>The included customer's email, when the customer was included.</summary>
    public string? CustomerAccountEmail { get; init; }

    /// <summary>Included <c>line_items</c>, in document order.</summary>
    public IReadOnlyList<CommerceLayerLineItem> LineItems { get; init; } = [];

    /// <summary>Included <c>returns</c> (with their included <c>return_line_items</c>).</summary>
    public IReadOnlyList<CommerceLayerReturn> Returns { get; init; } = [];

    /// <summary>Included <c>refunds</c>.</summary>
    public IReadOnlyList<CommerceLayerRefund> Refunds { get; init; } = [];
}
