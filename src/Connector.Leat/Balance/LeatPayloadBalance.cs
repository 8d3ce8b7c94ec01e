using System.Globalization;
using Connector.Leat.Model;
using Connector.Leat.Money;

namespace Connector.Leat.Balance;

/// <summary>
/// Checks that a payload's amounts add up before it is sent to Leat. Leat computes points from line items, charges
/// and discounts; a payload whose totals disagree with its parts awards points nobody can explain, so it is never sent.
/// Line totals are checked with <see cref="MinorUnits.Extend"/>, the same rounding rule the builders use.
/// </summary>
public static class LeatPayloadBalance
{
    /// <summary>
    /// Rules: each (sub) line <c>total_amount = Extend(price, quantity) − discount_amount</c>; <c>order_amount</c> (when
    /// sent) = Σ line totals + Σ sub line totals; <c>total_order_amount</c> = that sum − Σ ORDER discounts + Σ charge
    /// totals; a charge with <c>amount</c> has <c>total_amount = amount − discount_amount</c>; <c>total_discount_amount</c>
    /// (when sent) = Σ applied discounts; Σ ORDER_LINES discounts = Σ (sub) line and charge discount amounts; ORDER_LINES
    /// links point at existing ids; no negative amounts; quantities &gt; 0; unique external identifiers; known currency.
    /// </summary>
    public static BalanceReport Check(LeatOrderRequest order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var mismatches = new List<string>();

        if (order.Currency is { } currency && !Currency.TryOf(currency, out _))
        {
            mismatches.Add($"currency \"{currency}\" is not a known ISO 4217 code");
        }

        NotNegative(mismatches, "total_order_amount", order.TotalOrderAmount);
        NotNegative(mismatches, "order_amount", order.OrderAmount);
        NotNegative(mismatches, "total_discount_amount", order.TotalDiscountAmount);

        var lineIds = new HashSet<string>(StringComparer.Ordinal);
        var subLineIds = new HashSet<string>(StringComparer.Ordinal);
        var chargeIds = new HashSet<string>(StringComparer.Ordinal);
        long lineTotals = 0, subLineTotals = 0, itemDiscounts = 0;

        for (var i = 0; i < order.LineItems.Count; i++)
        {
            var line = order.LineItems[i];
            var label = $"line_items[{i}] \"{line.Name}\"";
            Unique(mismatches, lineIds, label, line.ExternalIdentifier);
            CheckLine(mismatches, label, line.Quantity, line.Price, line.DiscountAmount, line.TotalAmount);
            lineTotals = checked(lineTotals + line.TotalAmount);
            itemDiscounts = checked(itemDiscounts + (line.DiscountAmount ?? 0));

            var subLines = line.SubLineItems ?? [];
            for (var j = 0; j < subLines.Count; j++)
            {
                var sub = subLines[j];
                var subLabel = $"line_items[{i}].sub_line_items[{j}] \"{sub.Name}\"";
                Unique(mismatches, subLineIds, subLabel, sub.ExternalIdentifier);
                CheckLine(mismatches, subLabel, sub.Quantity, sub.Price, sub.DiscountAmount, sub.TotalAmount);
                subLineTotals = checked(subLineTotals + sub.TotalAmount);
                itemDiscounts = checked(itemDiscounts + (sub.DiscountAmount ?? 0));
            }
        }

        var itemsTotal = checked(lineTotals + subLineTotals);
        if (order.OrderAmount is { } orderAmount && orderAmount != itemsTotal)
        {
            mismatches.Add(
                $"order_amount {orderAmount} ≠ Σ line_items total_amount {lineTotals} + Σ sub_line_items total_amount {subLineTotals} = {itemsTotal}");
        }

        long chargeTotals = 0;
        var charges = order.Charges ?? [];
        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            var label = $"charges[{i}] \"{charge.Name}\"";
            Unique(mismatches, chargeIds, label, charge.ExternalIdentifier);
            CheckCharge(mismatches, label, charge.Amount, charge.DiscountAmount, charge.TotalAmount);
            chargeTotals = checked(chargeTotals + charge.TotalAmount);
            itemDiscounts = checked(itemDiscounts + (charge.DiscountAmount ?? 0));
        }

        long orderDiscounts = 0, lineDiscounts = 0, allDiscounts = 0;
        var discounts = order.AppliedDiscounts ?? [];
        for (var i = 0; i < discounts.Count; i++)
        {
            var discount = discounts[i];
            var label = $"applied_discounts[{i}] \"{discount.Name}\"";
            NotNegative(mismatches, $"{label}: amount", discount.Amount);
            allDiscounts = checked(allDiscounts + discount.Amount);
            if (discount.AppliedTo == LeatAppliedTo.Order)
            {
                orderDiscounts = checked(orderDiscounts + discount.Amount);
            }
            else if (discount.AppliedTo == LeatAppliedTo.OrderLines)
            {
                lineDiscounts = checked(lineDiscounts + discount.Amount);
                Linked(mismatches, label, "line_items", discount.LineItems, lineIds);
                Linked(mismatches, label, "sub_line_items", discount.SubLineItems, subLineIds);
                Linked(mismatches, label, "charges", discount.Charges, chargeIds);
            }
            else
            {
                mismatches.Add($"{label}: applied_to \"{discount.AppliedTo}\" is neither {LeatAppliedTo.Order} nor {LeatAppliedTo.OrderLines}");
            }
        }

        var expectedTotal = checked(itemsTotal - orderDiscounts + chargeTotals);
        if (order.TotalOrderAmount != expectedTotal)
        {
            mismatches.Add(
                $"total_order_amount {order.TotalOrderAmount} ≠ Σ (sub) line totals {itemsTotal} − Σ ORDER discounts {orderDiscounts} + Σ charge totals {chargeTotals} = {expectedTotal}");
        }

        if (order.TotalDiscountAmount is { } totalDiscount && totalDiscount != allDiscounts)
        {
            mismatches.Add($"total_discount_amount {totalDiscount} ≠ Σ applied_discounts amount {allDiscounts}");
        }

        if (lineDiscounts != itemDiscounts)
        {
            mismatches.Add(
                $"Σ ORDER_LINES applied_discounts amount {lineDiscounts} ≠ Σ (sub) line and charge discount_amount {itemDiscounts}");
        }

        return new BalanceReport(mismatches);
    }

    /// <summary>
    /// Rules for a return: no negative amounts or quantities; each (sub) line returns something (a
    /// <c>total_amount</c>, or a quantity &gt; 0 from which Leat derives it); a charge with <c>amount</c> has
    /// <c>total_amount = amount − discount_amount</c>; the order is referenced; the return is not empty.
    /// </summary>
    public static BalanceReport Check(LeatOrderReturnRequest orderReturn)
    {
        ArgumentNullException.ThrowIfNull(orderReturn);
        var mismatches = new List<string>();

        if (string.IsNullOrEmpty(orderReturn.Order.Uuid) && string.IsNullOrEmpty(orderReturn.Order.ExternalIdentifier))
        {
            mismatches.Add("order: neither uuid nor external_identifier is given");
        }

        var lines = orderReturn.LineItems ?? [];
        var charges = orderReturn.Charges ?? [];
        var discounts = orderReturn.AppliedDiscounts ?? [];
        if (lines.Count == 0 && charges.Count == 0 && discounts.Count == 0)
        {
            mismatches.Add("the return has no line_items, charges or applied_discounts");
        }

        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var label = $"line_items[{i}] \"{line.ExternalIdentifier}\"";
            CheckReturnLine(mismatches, label, line.Quantity, line.DiscountAmount, line.TotalAmount);
            var subLines = line.SubLineItems ?? [];
            for (var j = 0; j < subLines.Count; j++)
            {
                var sub = subLines[j];
                CheckReturnLine(
                    mismatches, $"line_items[{i}].sub_line_items[{j}] \"{sub.ExternalIdentifier}\"", sub.Quantity, sub.DiscountAmount, sub.TotalAmount);
            }
        }

        for (var i = 0; i < charges.Count; i++)
        {
            var charge = charges[i];
            CheckCharge(mismatches, $"charges[{i}] \"{charge.ExternalIdentifier}\"", charge.Amount, charge.DiscountAmount, charge.TotalAmount);
        }

        for (var i = 0; i < discounts.Count; i++)
        {
            NotNegative(mismatches, $"applied_discounts[{i}] \"{discounts[i].ExternalIdentifier}\": amount", discounts[i].Amount);
        }

        return new BalanceReport(mismatches);
    }

    /// <summary>Throws <see cref="UnbalancedPayloadException"/> naming every mismatch when the order does not balance.</summary>
    public static void EnsureBalanced(LeatOrderRequest order)
    {
        var report = Check(order);
        if (!report.IsBalanced)
        {
            throw new UnbalancedPayloadException($"Leat order \"{order.ExternalIdentifier}\"", report.Mismatches);
        }
    }

    /// <summary>Throws <see cref="UnbalancedPayloadException"/> naming every mismatch when the return does not balance.</summary>
    public static void EnsureBalanced(LeatOrderReturnRequest orderReturn)
    {
        var report = Check(orderReturn);
        if (!report.IsBalanced)
        {
            throw new UnbalancedPayloadException($"Leat order return \"{orderReturn.ExternalIdentifier}\"", report.Mismatches);
        }
    }

    private static void CheckLine(List<string> mismatches, string label, decimal quantity, long price, long? discount, long total)
    {
        var valid = true;
        if (quantity <= 0)
        {
            mismatches.Add($"{label}: quantity {Format(quantity)} must be > 0");
            valid = false;
        }

        valid &= NotNegative(mismatches, $"{label}: price", price);
        valid &= NotNegative(mismatches, $"{label}: discount_amount", discount);
        valid &= NotNegative(mismatches, $"{label}: total_amount", total);
        if (!valid)
        {
            return;
        }

        var extended = MinorUnits.Extend(price, quantity);
        var expected = extended - (discount ?? 0);
        if (total != expected)
        {
            var discountPart = discount is { } d ? $" − discount_amount {d}" : string.Empty;
            mismatches.Add($"{label}: total_amount {total} ≠ price {price} × quantity {Format(quantity)}{discountPart} = {expected}");
        }
    }

    private static void CheckCharge(List<string> mismatches, string label, long? amount, long? discount, long total)
    {
        var valid = NotNegative(mismatches, $"{label}: amount", amount);
        valid &= NotNegative(mismatches, $"{label}: discount_amount", discount);
        valid &= NotNegative(mismatches, $"{label}: total_amount", total);
        if (valid && amount is { } gross && total != gross - (discount ?? 0))
        {
            mismatches.Add($"{label}: total_amount {total} ≠ amount {gross} − discount_amount {discount ?? 0} = {gross - (discount ?? 0)}");
        }
    }

    private static void CheckReturnLine(List<string> mismatches, string label, decimal quantity, long? discount, long? total)
    {
        if (quantity < 0)
        {
            mismatches.Add($"{label}: quantity {Format(quantity)} is negative");
        }

        NotNegative(mismatches, $"{label}: discount_amount", discount);
        NotNegative(mismatches, $"{label}: total_amount", total);
        if (total is null && quantity <= 0)
        {
            mismatches.Add($"{label}: returns nothing (no total_amount and quantity {Format(quantity)})");
        }
    }

    private static bool NotNegative(List<string> mismatches, string what, long? value)
    {
        if (value is < 0)
        {
            mismatches.Add($"{what} {value} is negative");
            return false;
        }

        return true;
    }

    private static void Unique(List<string> mismatches, HashSet<string> seen, string label, string externalIdentifier)
    {
        if (!seen.Add(externalIdentifier))
        {
            mismatches.Add($"{label}: external_identifier \"{externalIdentifier}\" is used twice");
        }
    }

    private static void Linked(List<string> mismatches, string label, string field, IReadOnlyList<LeatExternalRef>? links, HashSet<string> known)
    {
        foreach (var link in links ?? [])
        {
            if (!known.Contains(link.ExternalIdentifier))
            {
                mismatches.Add($"{label}: {field} links \"{link.ExternalIdentifier}\", which is not in the order");
            }
        }
    }

    private static string Format(decimal quantity) => quantity.ToString("0.############################", CultureInfo.InvariantCulture);
}
