namespace Connector.Platforms.CommerceLayer.Model;

/// <summary>
/// An order's line item (<c>type: line_items</c>). Products, discounts, shipping, payment fees, gift cards and
/// adjustments are all line items, told apart by <see cref="ItemType"/> (<see cref="CommerceLayerItemTypes"/>).
/// </summary>
public sealed record CommerceLayerLineItem
{
    public required string Id { get; init; }

    /// <summary>One of <see cref="CommerceLayerItemTypes"/>; an unknown value is kept as is.</summary>
    public string? ItemType { get; init; }

    /// <summary>The product code of a <c>skus</c> line (line items have no <c>code</c> attribute).</summary>
    public string? SkuCode { get; init; }

    /// <summary>The product code of a <c>bundles</c> line.</summary>
    public string? BundleCode { get; init; }

    public string? Name { get; init; }

    public int Quantity { get; init; }

    public string? CurrencyCode { get; init; }

    /// <summary>Negative for promotion and gift-card-redemption lines.</summary>
    public long UnitAmountCents { get; init; }

    public long OptionsAmountCents { get; init; }

    /// <summary>Unit × quantity + options, before discounts are allocated.</summary>
    public long TotalAmountCents { get; init; }

    /// <summary>The order-level discounts allocated to this line; negative. May include gift-card usage (see <see cref="DiscountBreakdown"/>).</summary>
    public long DiscountCents { get; init; }

    /// <summary>
    /// What <see cref="DiscountCents"/> is made of, keyed by the id of the line item that caused each part (a promotion
    /// line, or a gift-card line whose redemption Commerce Layer spread over the products).
    /// </summary>
    public IReadOnlyDictionary<string, CommerceLayerDiscountShare> DiscountBreakdown { get; init; } = new Dictionary<string, CommerceLayerDiscountShare>();

    public long TaxAmountCents { get; init; }

    /// <summary>The tax rate as Commerce Layer gives it (a fraction, e.g. 0.22); information only, never used for money.</summary>
    public decimal? TaxRate { get; init; }

    /// <summary>Set on promotion lines a coupon triggered.</summary>
    public string? CouponCode { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public DateTimeOffset? UpdatedAt { get; init; }
}

/// <summary>One entry of <see cref="CommerceLayerLineItem.DiscountBreakdown"/>.</summary>
public sealed record CommerceLayerDiscountShare
{
    /// <summary>Negative for a discount.</summary>
    public long Cents { get; init; }

    /// <summary>This line's share of the causing line's amount (information only).</summary>
    public decimal? Weight { get; init; }

    public string? Name { get; init; }

    public string? CouponCode { get; init; }
}
