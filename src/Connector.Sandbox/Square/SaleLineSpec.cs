namespace Connector.Sandbox.Square;

/// <summary>One sold line.</summary>
public sealed record SaleLineSpec
{
    /// <summary>Item name.</summary>
    public required string Name { get; init; }

    /// <summary>Quantity; fractional quantities become measured items with a <c>quantity_unit</c>.</summary>
    public decimal Quantity { get; init; } = 1m;

    /// <summary>Unit price in minor units.</summary>
    public required long BasePrice { get; init; }

    /// <summary>Item variation id; null makes a <c>CUSTOM_AMOUNT</c> line.</summary>
    public string? CatalogObjectId { get; init; }

    /// <summary>Variation name, e.g. "Regular" (items only).</summary>
    public string? VariationName { get; init; }

    /// <summary>Modifiers; their totals are base × modifier quantity × line quantity.</summary>
    public IReadOnlyList<ModifierSpec> Modifiers { get; init; } = [];

    /// <summary>Uids of LINE_ITEM-scope discounts that apply to this line.</summary>
    public IReadOnlyList<string> DiscountUids { get; init; } = [];

    /// <summary>Uids of LINE_ITEM-scope taxes that apply to this line.</summary>
    public IReadOnlyList<string> TaxUids { get; init; } = [];
}
