using Connector.Leat.Model;
using Connector.Leat.Money;

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
    public static CappedReturn Cap(LeatOrderReturnRequest request, IEnumerable<ReturnablePart> parts) => Cap(request, parts, 0, null);

    /// <summary>
    /// Caps <paramref name="dispatch"/> against <paramref name="parts"/>; without a <see cref="ReturnDispatch.SpreadAmount"/>
    /// exactly as <see cref="Cap(LeatOrderReturnRequest, IEnumerable{ReturnablePart})"/>. With one, the itemized part
    /// (<see cref="ReturnDispatch.Itemized"/>) is capped first, then the amount is spread over the lines, sub lines and
    /// charges of <see cref="ReturnDispatch.SpreadOver"/> in proportion to what each still has returnable, by
    /// <see cref="Apportion.LargestRemainderCapped"/> (ties to the part the order lists first), so the shares sum exactly
    /// to the amount and none exceeds what remains; beyond all that remains it is cut, with a cap of part
    /// <see cref="ReturnDispatch.AmountOnlyPart"/>. This runs under the order's row locks, which is why the spread is
    /// finished here and not by the platform mapper: only the ledger knows what earlier returns took.
    /// </summary>
    public static CappedReturn Cap(ReturnDispatch dispatch, IEnumerable<ReturnablePart> parts)
    {
        ArgumentNullException.ThrowIfNull(dispatch);
        var request = dispatch.Return;
        if (dispatch.SpreadAmount < 0)
        {
            throw new DispatchRejectedException($"Return {request.ExternalIdentifier} spreads a negative amount ({dispatch.SpreadAmount}).");
        }

        if (dispatch.SpreadAmount == 0)
        {
            return Cap(request, parts, 0, null);
        }

        var order = dispatch.SpreadOver
            ?? throw new DispatchRejectedException(
                $"Return {request.ExternalIdentifier} spreads an amount of {dispatch.SpreadAmount} but does not say over which order's parts.");
        // The identity of the return is the payload's; only its amounts are rebuilt from the itemized part and the spread.
        var itemized = dispatch.Itemized is { } given
            ? given with { Order = request.Order, ExternalIdentifier = request.ExternalIdentifier, Status = request.Status }
            : request with { LineItems = null, Charges = null, AppliedDiscounts = null };
        return Cap(itemized, parts, dispatch.SpreadAmount, order);
    }

    private static CappedReturn Cap(LeatOrderReturnRequest request, IEnumerable<ReturnablePart> parts, long spreadAmount, LeatOrderRequest? spreadOver)
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

        if (spreadAmount > 0 && spreadOver is not null)
        {
            Spread(spreadAmount, spreadOver, remaining, lines, charges, caps, consumed, orderId);
        }

        var capped = request with
        {
            LineItems = lines.Count > 0 ? lines : null,
            Charges = charges.Count > 0 ? charges : null,
            AppliedDiscounts = discounts.Count > 0 ? discounts : null,
        };
        return new CappedReturn(capped, caps, consumed);
    }

    /// <summary>
    /// Spreads <paramref name="amount"/> over what remains of the lines, sub lines and charges of <paramref name="order"/>
    /// (after this return's itemized part took its share), adding each share to the part this return already gives
    /// back or adding the part with quantity 0 (an amount-only return on it, as Leat allows), and consumes it.
    /// </summary>
    private static void Spread(
        long amount, LeatOrderRequest order, Dictionary<(string Part, string ExternalId), Remaining> remaining,
        List<LeatReturnLineItem> lines, List<LeatReturnCharge> charges, List<ReturnCap> caps, List<PartConsumption> consumed, string? orderId)
    {
        var targets = new List<(string Part, string Id, string? ParentId, Remaining Left)>();
        void Add(string part, string id, string? parentId)
        {
            if (remaining.TryGetValue((part, id), out var left) && left.Amount > 0)
            {
                targets.Add((part, id, parentId, left));
            }
        }

        foreach (var line in order.LineItems)
        {
            Add(ReturnablePart.Line, line.ExternalIdentifier, null);
            foreach (var sub in line.SubLineItems ?? [])
            {
                Add(ReturnablePart.SubLine, sub.ExternalIdentifier, line.ExternalIdentifier);
            }
        }

        foreach (var charge in order.Charges ?? [])
        {
            Add(ReturnablePart.Charge, charge.ExternalIdentifier, null);
        }

        var weights = targets.Select(t => t.Left.Amount).ToList();
        var available = weights.Sum();
        var spread = Math.Min(amount, available);
        if (spread < amount)
        {
            caps.Add(new ReturnCap(ReturnDispatch.AmountOnlyPart, orderId ?? string.Empty, 0, 0, amount, spread));
        }

        // Weights and caps are both what remains, so no share can exceed its part and one round settles it.
        var shares = Apportion.LargestRemainderCapped(spread, weights, weights);
        for (var i = 0; i < targets.Count; i++)
        {
            var (part, id, parentId, left) = targets[i];
            var share = shares[i];
            if (share == 0)
            {
                continue;
            }

            left.Take(0, share, 0);
            consumed.Add(new PartConsumption(part, id, 0, share, 0));
            if (part == ReturnablePart.Charge)
            {
                var c = charges.FindIndex(x => x.ExternalIdentifier == id);
                if (c < 0)
                {
                    charges.Add(new LeatReturnCharge { ExternalIdentifier = id, Amount = share, TotalAmount = share });
                }
                else
                {
                    // The gross grows with the total so that total = amount − discount still holds.
                    charges[c] = charges[c] with { Amount = charges[c].Amount + share, TotalAmount = charges[c].TotalAmount + share };
                }

                continue;
            }

            var l = lines.FindIndex(x => x.ExternalIdentifier == (parentId ?? id));
            if (l < 0)
            {
                lines.Add(new LeatReturnLineItem { ExternalIdentifier = parentId ?? id, Quantity = 0, TotalAmount = 0 });
                l = lines.Count - 1;
            }

            if (parentId is null)
            {
                lines[l] = lines[l] with { TotalAmount = (lines[l].TotalAmount ?? 0) + share };
                continue;
            }

            var subLines = (lines[l].SubLineItems ?? []).ToList();
            var s = subLines.FindIndex(x => x.ExternalIdentifier == id);
            if (s < 0)
            {
                subLines.Add(new LeatReturnSubLineItem { ExternalIdentifier = id, Quantity = 0, TotalAmount = share });
            }
            else
            {
                subLines[s] = subLines[s] with { TotalAmount = (subLines[s].TotalAmount ?? 0) + share };
            }

            lines[l] = lines[l] with { SubLineItems = subLines };
        }
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
