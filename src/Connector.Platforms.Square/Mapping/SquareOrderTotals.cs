namespace Connector.Platforms.Square.Mapping;

/// <summary>The three order-level amounts of a Leat order, derived from its parts so the payload balances.</summary>
/// <param name="OrderAmount">Σ (sub) line totals, i.e. after line discounts and before ORDER discounts and charges.</param>
/// <param name="TotalOrderAmount">OrderAmount − Σ ORDER discounts + Σ charges.</param>
/// <param name="TotalDiscountAmount">Σ applied discounts (ORDER and ORDER_LINES).</param>
public readonly record struct SquareOrderTotals(long OrderAmount, long TotalOrderAmount, long TotalDiscountAmount);
