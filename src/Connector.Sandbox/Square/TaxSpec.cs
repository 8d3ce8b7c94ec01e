namespace Connector.Sandbox.Square;

/// <summary>A tax.</summary>
/// <param name="Uid">Uid within the order; lines name it in <see cref="SaleLineSpec.TaxUids"/> for LINE_ITEM scope.</param>
/// <param name="Name">Display name.</param>
/// <param name="Percentage">Rate, e.g. 21 or 7.8.</param>
/// <param name="Inclusive">True: INCLUSIVE (already inside prices); false: ADDITIVE (added on top).</param>
/// <param name="Scope"><c>ORDER</c> or <c>LINE_ITEM</c>.</param>
public sealed record TaxSpec(string Uid, string Name, decimal Percentage, bool Inclusive, string Scope = "ORDER");
