using Connector.Leat.Model;

namespace Connector.Leat.Dispatch;

/// <summary>What one part of a return takes from the order's returnable balance.</summary>
internal sealed record PartConsumption(string Part, string ExternalId, decimal Quantity, long Amount, long Discount);

/// <summary>A return cut down to what remains returnable, with the cuts and the balance it consumes.</summary>
internal sealed record CappedReturn(LeatOrderReturnRequest Request, IReadOnlyList<ReturnCap> Caps, IReadOnlyList<PartConsumption> Consumed)
{
    /// <summary>True when nothing at all is left to send.</summary>
    public bool IsEmpty => Consumed.All(c => c is { Quantity: 0, Amount: 0, Discount: 0 });
}

/// <summary>
/// Never return more than was sold: caps each part of a return at what remains after every earlier
/// return of the same order (Leat's own Magento module caps per return only, so repeated partial
/// returns there can revoke more points than were awarded).
/// </summary>
internal static class ReturnAllowance
{
    /// <summary>
    /// Caps <paramref name="request"/> against <paramref name="parts"/>. Amounts a line does not state are
    /// derived from the sale: the remaining amount when the rest of the quantity comes back (so partial
    /// returns add up exactly to the sale), otherwise sold amount × quantity / sold quantity, rounded half
    /// away from zero, never above what remains.
    /// </summary>
    public static CappedReturn Cap(LeatOrderReturnRequest request, IEnumerable<ReturnablePart> parts)
    {
        var remaining = parts.ToDictionary(p => (p.Part, p.ExternalId), p => new Remaining(p));
        var caps = new List<ReturnCap>();
        var consumed = new List<PartConsumption>();
        var orderId = request.Order.ExternalIdentifier;

        Remaining Find(string part, string id) =>
            remaining.TryGetValue((part, id), out var r)
                ? r
                : throw new DispatchRejectedException(
                    $"Return {request.ExternalIdentifier} references {Describe(part)} {id}, which order {orderId} does not have.");

        (decimal Quantity, long Amount, long Discount) TakeLine(string part, string id, decimal quantity, long? totalAmount, long? discountAmount)
        {
            if (quantity < 0 || totalAmount < 0 || discountAmount < 0)
            {
                throw new DispatchRejectedException($"Return {request.ExternalIdentifier}: {Describe(part)} {id} has a negative quantity or amount.");
            }

            var r = Find(part, id);
            var sentQuantity = Math.Min(quantity, r.Quantity);
            // Asking for exactly what is left takes exactly what is left, so partial returns add up to the sale.
            var wholeRest = quantity == r.Quantity && quantity > 0;
            var requestedAmount = totalAmount ?? (wholeRest ? r.Amount : Proportional(r.Sold.SoldAmount, quantity, r.Sold.SoldQuantity));
            var requestedDiscount = discountAmount ?? (wholeRest ? r.Discount : Proportional(r.Sold.SoldDiscount, quantity, r.Sold.SoldQuantity));
            var sentAmount = Math.Min(requestedAmount, r.Amount);
            var sentDiscount = Math.Min(requestedDiscount, r.Discount);
            if (sentQuantity < quantity || sentAmount < requestedAmount)
            {
                caps.Add(new ReturnCap(part, id, quantity, sentQuantity, requestedAmount, sentAmount));
            }

            r.Take(sentQuantity, sentAmount, sentDiscount);
            consumed.Add(new PartConsumption(part, id, sentQuantity, sentAmount, sentDiscount));
            return (sentQuantity, sentAmount, sentDiscount);
        }

        var lines = new List<LeatReturnLineItem>();
        foreach (var line in request.LineItems ?? [])
        {
            var (quantity, amount, discount) = TakeLine(ReturnablePart.Line, line.ExternalIdentifier, line.Quantity, line.TotalAmount, line.DiscountAmount);
            var subLines = new List<LeatReturnSubLineItem>();
            foreach (var sub in line.SubLineItems ?? [])
            {
                var (q, a, d) = TakeLine(ReturnablePart.SubLine, sub.ExternalIdentifier, sub.Quantity, sub.TotalAmount, sub.DiscountAmount);
                if (q > 0 || a > 0)
                {
                    subLines.Add(sub with { Quantity = q, TotalAmount = a, DiscountAmount = d });
                }
            }

            if (quantity > 0 || amount > 0 || subLines.Count > 0)
            {
                lines.Add(line with { Quantity = quantity, TotalAmount = amount, DiscountAmount = discount, SubLineItems = subLines.Count > 0 ? subLines : null });
            }
        }

        var charges = new List<LeatReturnCharge>();
        foreach (var charge in request.Charges ?? [])
        {
            var (_, amount, _) = TakeLine(ReturnablePart.Charge, charge.ExternalIdentifier, 0, charge.TotalAmount, 0);
            if (amount > 0)
            {
                // A capped charge loses its amount/discount split: only the total is known to be right.
                charges.Add(amount == charge.TotalAmount ? charge : charge with { TotalAmount = amount, Amount = null, DiscountAmount = null });
            }
        }

        var discounts = new List<LeatReturnDiscount>();
        foreach (var discount in request.AppliedDiscounts ?? [])
        {
            var (_, amount, _) = TakeLine(ReturnablePart.Discount, discount.ExternalIdentifier, 0, discount.Amount, 0);
            if (amount > 0)
            {
                discounts.Add(discount with { Amount = amount });
            }
        }

        var capped = request with
        {
            LineItems = lines.Count > 0 ? lines : null,
            Charges = charges.Count > 0 ? charges : null,
            AppliedDiscounts = discounts.Count > 0 ? discounts : null,
        };
        return new CappedReturn(capped, caps, consumed);
    }

    /// <summary>The parts of an order a later return may take back: each (sub) line, charge and discount as sold.</summary>
    public static IReadOnlyList<ReturnablePart> PartsOf(LeatOrderRequest order)
    {
        var parts = new List<ReturnablePart>();
        foreach (var line in order.LineItems)
        {
            parts.Add(new ReturnablePart(ReturnablePart.Line, line.ExternalIdentifier, line.Quantity, line.TotalAmount, line.DiscountAmount ?? 0, 0, 0, 0));
            foreach (var sub in line.SubLineItems ?? [])
            {
                parts.Add(new ReturnablePart(ReturnablePart.SubLine, sub.ExternalIdentifier, sub.Quantity, sub.TotalAmount, sub.DiscountAmount ?? 0, 0, 0, 0));
            }
        }

        foreach (var charge in order.Charges ?? [])
        {
            parts.Add(new ReturnablePart(ReturnablePart.Charge, charge.ExternalIdentifier, 0, charge.TotalAmount, charge.DiscountAmount ?? 0, 0, 0, 0));
        }

        foreach (var discount in order.AppliedDiscounts ?? [])
        {
            parts.Add(new ReturnablePart(ReturnablePart.Discount, discount.ExternalIdentifier, 0, discount.Amount, 0, 0, 0, 0));
        }

        return parts;
    }

    private static long Proportional(long soldAmount, decimal quantity, decimal soldQuantity) =>
        soldQuantity == 0 ? 0 : (long)Math.Round(soldAmount * quantity / soldQuantity, 0, MidpointRounding.AwayFromZero);

    private static string Describe(string part) => part switch
    {
        ReturnablePart.Line => "line item",
        ReturnablePart.SubLine => "sub line item",
        ReturnablePart.Charge => "charge",
        _ => "applied discount",
    };

    private sealed class Remaining(ReturnablePart sold)
    {
        public ReturnablePart Sold { get; } = sold;

        public decimal Quantity { get; private set; } = Math.Max(0, sold.SoldQuantity - sold.ReturnedQuantity);

        public long Amount { get; private set; } = Math.Max(0, sold.SoldAmount - sold.ReturnedAmount);

        public long Discount { get; private set; } = Math.Max(0, sold.SoldDiscount - sold.ReturnedDiscount);

        public void Take(decimal quantity, long amount, long discount)
        {
            Quantity -= quantity;
            Amount -= amount;
            Discount -= discount;
        }
    }
}
