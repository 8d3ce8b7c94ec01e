namespace Connector.Sandbox.NewStore;

/// <summary>An order to create; the simulator derives every money field the way NewStore's payloads balance (reference 3.4).</summary>
public sealed record NewStoreOrderSpec
{
    public const string TaxExcluded = "tax_excluded";
    public const string TaxIncluded = "tax_included";

    /// <summary><see cref="TaxExcluded"/> (US style: tax on top) or <see cref="TaxIncluded"/> (prices include tax).</summary>
    public string PriceMethod { get; init; } = TaxExcluded;

    public string Currency { get; init; } = "USD";

    /// <summary><c>web</c> or <c>store</c>.</summary>
    public string ChannelType { get; init; } = "web";

    /// <summary><c>demand_location_id</c> (and <c>channel</c>).</summary>
    public string DemandLocationId { get; init; } = "WEB";

    /// <summary>Null or empty: an anonymous POS sale (<c>customer_email</c> is the empty string).</summary>
    public string? CustomerEmail { get; init; }

    public required IReadOnlyList<NewStoreLineSpec> Lines { get; init; }

    /// <summary>Order-level discount in minor units, spread over the units pro rata (<c>order_discounts</c>).</summary>
    public long OrderDiscount { get; init; }

    /// <summary>Coupon that gave the order discount (order <c>discounts[].coupon_code</c>).</summary>
    public string? CouponCode { get; init; }

    /// <summary><c>shipping_total</c> in minor units (gross for <c>tax_included</c>).</summary>
    public long Shipping { get; init; }

    public decimal ShippingTaxRate { get; init; }

    /// <summary>Imported history (<c>is_historical</c>).</summary>
    public bool IsHistorical { get; init; }

    /// <summary>Set for an exchange order: the original order and its return (<c>is_exchange</c>, <c>exchanges[]</c>).</summary>
    public (string OrderId, string ReturnId)? ExchangeOf { get; init; }

    /// <summary>When the order was placed; default now.</summary>
    public DateTimeOffset? PlacedAt { get; init; }

    /// <summary>Publish <c>order.opened</c> now; false keeps it for <see cref="NewStoreSimulator.PublishOrder"/> (returns before their order).</summary>
    public bool Publish { get; init; } = true;
}
