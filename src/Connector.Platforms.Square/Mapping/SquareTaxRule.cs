namespace Connector.Platforms.Square.Mapping;

/// <summary>How Square's ADDITIVE taxes (added on top of prices) reach Leat; INCLUSIVE taxes are already in prices either way.</summary>
public enum SquareTaxRule
{
    /// <summary>One <c>TAX</c> charge per order with the sum of its additive taxes (<c>"tax_rule": "charge"</c>, the default).</summary>
    Charge,

    /// <summary>
    /// Each line carries its own additive tax as a sub line item, and service charges include theirs
    /// (<c>"tax_rule": "fold"</c>), so product rules in Leat see the tax with the product.
    /// </summary>
    Fold,
}
