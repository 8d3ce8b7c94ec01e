using System.Globalization;
using Connector.Leat.Model;
using Connector.Leat.Money;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// The money rules of the Square mapping, as small pure functions over minor units so each can be tested alone;
/// the AutoMapper profiles only call these. Every (sub) line total goes through <see cref="MinorUnits.Extend"/>, the
/// same rule <see cref="Connector.Leat.Balance.LeatPayloadBalance"/> checks with, so a mapped payload always balances.
/// </summary>
public static class SquareMoneyRules
{
    /// <summary>
    /// A (sub) line's total: <c>Extend(price, quantity) − discount</c>. Square rounds <c>price × quantity</c> with banker's
    /// rounding (2.5 × 333 = 832), the connector half away from zero (833): where the two disagree the connector's rule
    /// wins, because Leat recomputes line totals from price and quantity and the payload must balance by that rule. The
    /// difference is at most one minor unit per line with an exact half, and it only moves points by that cent.
    /// </summary>
    /// <exception cref="ArgumentException">The discount is negative or larger than the line's gross.</exception>
    public static long LineTotal(long unitPrice, decimal quantity, long discount)
    {
        var gross = MinorUnits.Extend(unitPrice, quantity);
        if (discount < 0 || discount > gross)
        {
            throw new ArgumentException(
                $"A discount of {discount} does not fit a line of {Format(quantity)} × {unitPrice} = {gross}.", nameof(discount));
        }

        return gross - discount;
    }

    /// <summary>
    /// How many of a modifier were sold: Square's modifier quantity is per unit of its line (default 1) and its
    /// <c>total_price_money</c> is base × modifier quantity × line quantity, so the sub line item's quantity is the product.
    /// </summary>
    public static decimal ModifierQuantity(decimal modifierQuantity, decimal lineQuantity) => modifierQuantity * lineQuantity;

    /// <summary>
    /// Splits a line's own (LINE_ITEM scope) discount over the line and its modifiers in proportion to their gross
    /// amounts (<paramref name="grosses"/>: the line first, then each modifier), largest remainder, never more than a
    /// part's gross. Square discounts the line including its modifiers, but Leat counts modifiers as separate sub line
    /// items; putting the whole discount on the parent could push its total below zero (100% off a line with extras).
    /// </summary>
    /// <exception cref="ArgumentException">The discount is negative or exceeds Σ grosses.</exception>
    public static long[] SplitLineDiscount(long discount, IReadOnlyList<long> grosses)
    {
        ArgumentNullException.ThrowIfNull(grosses);
        if (discount < 0 || discount > grosses.Sum())
        {
            throw new ArgumentException($"A line discount of {discount} does not fit a line whose gross is {grosses.Sum()}.", nameof(discount));
        }

        return Apportion.LargestRemainderCapped(discount, grosses, grosses);
    }

    /// <summary>The order-level amounts from its parts (see <see cref="SquareOrderTotals"/>).</summary>
    public static SquareOrderTotals OrderTotals(long itemsTotal, long orderDiscounts, long lineDiscounts, long chargesTotal) =>
        new(itemsTotal, checked(itemsTotal - orderDiscounts + chargesTotal), checked(orderDiscounts + lineDiscounts));

    /// <summary>
    /// Spreads an amount-only refund over the sale's parts in proportion to what each has left to return
    /// (<paramref name="remaining"/>, in the sale's order: lines, each followed by its sub lines, then charges), largest
    /// remainder with ties to the earlier part, so the parts sum exactly to the refund, never more than a part has left.
    /// A refund larger than all that is left is cut there: Leat cannot take back more than the order awarded. The mapper
    /// calls it with what a fresh sale has left after the return's own itemized part; the dispatcher's ReturnAllowance
    /// applies the same rule, in the same order, to what its ledger says remains after earlier returns.
    /// </summary>
    public static long[] SpreadRefund(long amount, IReadOnlyList<long> remaining)
    {
        ArgumentNullException.ThrowIfNull(remaining);
        ArgumentOutOfRangeException.ThrowIfNegative(amount);
        var spreadable = Math.Min(amount, remaining.Sum());
        return Apportion.LargestRemainderCapped(spreadable, remaining, remaining);
    }

    /// <summary>
    /// The share of a sale line's additive tax (<paramref name="saleLineTax"/>) that a return gives back when Square does
    /// not say (no <c>return_taxes</c>, no tax on the return line): all of it when the whole line comes back
    /// (<paramref name="returnedQuantity"/> ≥ <paramref name="soldQuantity"/>); else in proportion to the returned base
    /// (<paramref name="returnedBase"/> of <paramref name="saleBase"/>, by quantity when the base is 0), rounded half away
    /// from zero like the sale's amounts, never above the line's tax. Each line is at most its own tax, so one return never
    /// gives back more than the sale's tax; a rounding cent over several partial returns is cut by the dispatcher's cap.
    /// </summary>
    public static long ReturnedTaxShare(long saleLineTax, long returnedBase, long saleBase, decimal returnedQuantity, decimal soldQuantity)
    {
        if (saleLineTax <= 0)
        {
            return 0;
        }

        if (soldQuantity > 0 && returnedQuantity >= soldQuantity)
        {
            return saleLineTax;
        }

        var share = saleBase > 0 ? (decimal)Math.Max(0, returnedBase) / saleBase
            : soldQuantity > 0 ? Math.Max(0, returnedQuantity) / soldQuantity
            : 0m;
        return Math.Min(saleLineTax, (long)Math.Round(saleLineTax * share, 0, MidpointRounding.AwayFromZero));
    }

    /// <summary>
    /// A returned (sub) line's total by the sale's rule: the returned quantity at the sale's unit price, minus the
    /// returned discount, never below zero.
    /// </summary>
    public static long ReturnLineTotal(long unitPrice, decimal quantity, long discount) =>
        Math.Max(0, MinorUnits.Extend(unitPrice, quantity) - Math.Max(0, discount));

    /// <summary>
    /// Square's discount type → Leat's type and value: FIXED/VARIABLE_PERCENTAGE → PERCENTAGE with the percentage
    /// (e.g. 7.25), FIXED/VARIABLE_AMOUNT → ABSOLUTE with the configured amount in minor units; anything else → neither.
    /// </summary>
    public static (string? Type, decimal? Value) DiscountKind(string? squareType, string? percentage, long? amount) => squareType switch
    {
        "FIXED_PERCENTAGE" or "VARIABLE_PERCENTAGE" => (LeatDiscountType.Percentage, ParsePercentage(percentage)),
        "FIXED_AMOUNT" or "VARIABLE_AMOUNT" => (LeatDiscountType.Absolute, amount),
        _ => (null, null),
    };

    private static decimal? ParsePercentage(string? percentage) =>
        decimal.TryParse(percentage, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static string Format(decimal quantity) => quantity.ToString("0.############################", CultureInfo.InvariantCulture);
}
