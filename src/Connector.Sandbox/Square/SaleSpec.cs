namespace Connector.Sandbox.Square;

/// <summary>What a sale looks like at the register; the simulator derives every money field the way Square does.</summary>
public sealed record SaleSpec
{
    /// <summary>Sold lines (at least one).</summary>
    public required IReadOnlyList<SaleLineSpec> Lines { get; init; }

    /// <summary>ISO 4217 code; amounts are in its minor unit (JPY has none: 100 = ¥100).</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>Location id; null = the first configured location.</summary>
    public string? LocationId { get; init; }

    /// <summary>Buyer (from <see cref="SquareSimulator.AddCustomer"/>), set on the order and its tender.</summary>
    public string? CustomerId { get; init; }

    /// <summary>Discounts; LINE_ITEM-scope ones apply to the lines naming their uid, ORDER-scope ones to every line.</summary>
    public IReadOnlyList<DiscountSpec> Discounts { get; init; } = [];

    /// <summary>Taxes; LINE_ITEM-scope ones apply to the lines naming their uid, ORDER-scope ones to every line.</summary>
    public IReadOnlyList<TaxSpec> Taxes { get; init; } = [];

    /// <summary>Service charges (custom or auto-gratuity, apportioned or not).</summary>
    public IReadOnlyList<ServiceChargeSpec> ServiceCharges { get; init; } = [];

    /// <summary>Tip on the tender, in minor units (tips are not part of any line).</summary>
    public long Tip { get; init; }

    /// <summary>Optional client reference.</summary>
    public string? ReferenceId { get; init; }
}
