namespace Connector.Sandbox.NewStore;

/// <summary>A product sold in an order: NewStore turns it into <see cref="Quantity"/> items of quantity 1, each with its own id.</summary>
public sealed record NewStoreLineSpec
{
    public required string ProductId { get; init; }

    /// <summary>Units sold (one order item per unit).</summary>
    public int Quantity { get; init; } = 1;

    /// <summary><c>list_price</c> of one unit in minor units: net for <c>tax_excluded</c>, gross for <c>tax_included</c>.</summary>
    public required long UnitPrice { get; init; }

    /// <summary><c>item_discounts</c> of one unit in minor units.</summary>
    public long ItemDiscount { get; init; }

    /// <summary>Tax rate of the product (0.0875 = 8.75 %).</summary>
    public decimal TaxRate { get; init; }
}
