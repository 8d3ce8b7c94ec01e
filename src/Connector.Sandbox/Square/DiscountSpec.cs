namespace Connector.Sandbox.Square;

/// <summary>A discount: exactly one of <see cref="Percentage"/> and <see cref="Amount"/>.</summary>
/// <param name="Uid">Uid within the order; lines name it in <see cref="SaleLineSpec.DiscountUids"/> for LINE_ITEM scope.</param>
/// <param name="Name">Display name.</param>
/// <param name="Scope"><c>ORDER</c> or <c>LINE_ITEM</c>.</param>
/// <param name="Percentage">Percentage, e.g. 12.5 (FIXED_PERCENTAGE).</param>
/// <param name="Amount">Fixed amount in minor units (FIXED_AMOUNT); ORDER scope spreads it over lines by their share.</param>
public sealed record DiscountSpec(string Uid, string Name, string Scope, decimal? Percentage = null, long? Amount = null);
