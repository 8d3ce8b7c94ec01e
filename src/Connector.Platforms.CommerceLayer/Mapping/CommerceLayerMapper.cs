using Connector.Core.Mappings;
using Connector.Leat.Model;
using Connector.Leat.Money;
using Connector.Platforms.CommerceLayer.Model;
using Connector.Platforms.CommerceLayer.Sync;

namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>The outcome of mapping a sale: the Leat order, or why it is not sent.</summary>
public sealed record CommerceLayerSaleMapping(LeatOrderRequest? Sale, string? SkipReason);

/// <summary>What to do with a return, a refund or a cancellation now.</summary>
public enum CommerceLayerReturnAction
{
    /// <summary>Send <see cref="CommerceLayerReturnMapping.Return"/> to Leat.</summary>
    Send,

    /// <summary>Not yet: it has not reached the trigger (a later event or poll brings it back).</summary>
    Wait,

    /// <summary>Never: record it as skipped with the reason.</summary>
    Skip,
}

/// <summary>
/// A return, refund or cancellation mapped against the sale as sent. With a <see cref="SpreadAmount"/>, <see cref="Return"/>
/// only names the return: the dispatcher spreads the amount over what remains returnable.
/// </summary>
public sealed record CommerceLayerReturnMapping(string ExternalId, CommerceLayerReturnAction Action, LeatOrderReturnRequest? Return, long SpreadAmount, string? Reason)
{
    public static CommerceLayerReturnMapping Skip(string externalId, string reason) => new(externalId, CommerceLayerReturnAction.Skip, null, 0, reason);

    public static CommerceLayerReturnMapping Wait(string externalId, string reason) => new(externalId, CommerceLayerReturnAction.Wait, null, 0, reason);
}

/// <summary>
/// Commerce Layer documents → Leat payloads: the sale (at the configured trigger), returns (from their return line
/// items), refunds made without a return (an amount spread over what remains) and cancellations (everything that
/// remains). Returns, refunds and cancellations are mapped against the sale as it was sent to Leat, so they only name
/// lines and charges Leat has.
/// </summary>
public static class CommerceLayerMapper
{
    /// <summary>The Leat shop of the order: its market id in <c>markets</c>, else its market code.</summary>
    /// <exception cref="UnmappedLocationException">Neither is mapped.</exception>
    public static string ResolveShop(CommerceLayerOrder order, PlatformMappings mappings)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(mappings);
        var markets = mappings.Find(CommerceLayerPlatformName.Value)?.Locations;
        if (order.MarketId is { } id && markets?.TryGetValue(id, out var byId) == true)
        {
            return byId;
        }

        if (order.Market?.Code is { } code && markets?.TryGetValue(code, out var byCode) == true)
        {
            return byCode;
        }

        return mappings.ResolveShop(CommerceLayerPlatformName.Value, order.Market?.Code is { } known ? $"{order.MarketId ?? "(none)"} (code {known})" : order.MarketId ?? "(none)");
    }

    /// <summary>
    /// Whether the order has reached the sale trigger, judged by timestamps and payment status so that a later state
    /// still counts (an approved order that was cancelled afterwards has reached <c>approved</c>). Draft, pending,
    /// placing and editing orders never have: an order being edited is sent once it is placed again.
    /// </summary>
    public static bool HasReachedOrderTrigger(CommerceLayerOrder order, CommerceLayerMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(rules);
        if (order.Status is "draft" or "pending" or "placing" or CommerceLayerStatuses.Editing || order.PlacedAt is null && order.Status is not (CommerceLayerStatuses.Placed or CommerceLayerStatuses.Approved))
        {
            return false;
        }

        return rules.OrderTrigger switch
        {
            CommerceLayerOrderTrigger.Placed => true,
            CommerceLayerOrderTrigger.Approved => order.ApprovedAt is not null || order.Status == CommerceLayerStatuses.Approved,
            _ => order.PaymentStatus is CommerceLayerStatuses.Paid or "partially_refunded" or "refunded" or "free",
        };
    }

    /// <summary>The Leat order of <paramref name="order"/>; it balances.</summary>
    /// <exception cref="CommerceLayerMappingException">The order's parts do not add up to its total, or a line cannot be sent exactly.</exception>
    public static CommerceLayerSaleMapping MapSale(CommerceLayerOrder order, string shopUuid, CommerceLayerMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentException.ThrowIfNullOrWhiteSpace(shopUuid);
        ArgumentNullException.ThrowIfNull(rules);
        var plan = CommerceLayerSalePlanner.Build(order, shopUuid, rules);
        if (plan.Lines.Count == 0)
        {
            return new CommerceLayerSaleMapping(null, $"Commerce Layer order {order.Id} sells no product (only {string.Join(", ", order.LineItems.Select(l => l.ItemType).Distinct())}); nothing earns points.");
        }

        return new CommerceLayerSaleMapping(CommerceLayerMapperConfiguration.Mapper.Map<LeatOrderRequest>(order, o => o.Items[CommerceLayerSaleProfile.PlanKey] = plan), null);
    }

    /// <summary>
    /// A return: sent once it reached the return trigger (<c>received</c>, or <c>refunded</c> by rule), one Leat line
    /// per return line item against the sold line it links to, at Commerce Layer's <c>total_amount_cents</c> with the
    /// gift-card part of the sold line's discount added back (a gift card is payment, so Leat holds the line at its
    /// value before it); for a tax-excluded order its tax part goes back on the TAX charge. Cancelled and rejected
    /// returns are skipped with the reason; earlier states wait.
    /// </summary>
    /// <exception cref="CommerceLayerMappingException">A returned line is not on the sale as sent.</exception>
    public static CommerceLayerReturnMapping MapReturn(CommerceLayerReturn returned, CommerceLayerOrder order, LeatOrderRequest sent, CommerceLayerMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(returned);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(rules);
        var id = CommerceLayerIds.Return(returned.Id);
        var what = $"Commerce Layer return {returned.Id}{(returned.Number is { } n ? $" ({n})" : string.Empty)}";
        switch (returned.Status)
        {
            case CommerceLayerStatuses.Cancelled:
                return CommerceLayerReturnMapping.Skip(id, $"{what} was cancelled: nothing came back, so no points are taken back.");
            case CommerceLayerStatuses.Rejected:
                return CommerceLayerReturnMapping.Skip(id, $"{what} was rejected (the goods received were not accepted): no points are taken back.");
        }

        var reached = rules.ReturnTrigger == CommerceLayerReturnTrigger.Received
            ? returned.Status is CommerceLayerStatuses.Received or CommerceLayerStatuses.Refunded || returned.ReceivedAt is not null
            : returned.Status == CommerceLayerStatuses.Refunded || returned.RefundedAt is not null;
        if (!reached)
        {
            return CommerceLayerReturnMapping.Wait(id, $"{what} is {returned.Status ?? "(no status)"}; it is sent once it is {(rules.ReturnTrigger == CommerceLayerReturnTrigger.Received ? "received" : "refunded")}.");
        }

        var sentLines = sent.LineItems.ToDictionary(l => l.ExternalIdentifier, StringComparer.Ordinal);
        var soldLines = order.LineItems.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var giftRedemptions = order.LineItems.Where(l => l.ItemType == CommerceLayerItemTypes.GiftCards && l.TotalAmountCents < 0).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var lines = new List<CommerceLayerReturnLinePlan>();
        long tax = 0;
        foreach (var item in returned.ReturnLineItems)
        {
            if (item.LineItemId is not { } lineId || !soldLines.TryGetValue(lineId, out var sold))
            {
                throw new CommerceLayerMappingException($"{what}: return line item {item.Id} links to line item {item.LineItemId ?? "(none)"}, which is not on order {order.Id}.");
            }

            if (!sentLines.TryGetValue(lineId, out var line))
            {
                if (sold.ItemType == CommerceLayerItemTypes.GiftCards)
                {
                    continue; // a gift card bought and left out of the Leat order by rule: it earned nothing to take back
                }

                throw new CommerceLayerMappingException($"{what}: line item {lineId} is not on Leat order {sent.ExternalIdentifier}.");
            }

            if (item.Quantity <= 0 || item.Quantity > sold.Quantity)
            {
                throw new CommerceLayerMappingException($"{what}: return line item {item.Id} returns {item.Quantity} of the {sold.Quantity} sold.");
            }

            var giftShare = -sold.DiscountBreakdown.Where(s => giftRedemptions.Contains(s.Key)).Sum(s => s.Value.Cents);
            var amount = item.TotalAmountCents > 0
                ? item.TotalAmountCents + Share(giftShare, item.Quantity, sold.Quantity)
                : Share(line.TotalAmount, item.Quantity, sold.Quantity);
            lines.Add(new CommerceLayerReturnLinePlan(lineId, item.Quantity, Math.Min(amount, line.TotalAmount), "returned"));
            if (!order.TaxIncluded)
            {
                tax += Share(sold.TaxAmountCents, item.Quantity, sold.Quantity);
            }
        }

        var charges = new List<CommerceLayerReturnChargePlan>();
        if (tax > 0 && TaxCharge(sent, order.Id) is { } taxCharge)
        {
            charges.Add(new CommerceLayerReturnChargePlan(taxCharge.ExternalIdentifier, Math.Min(tax, taxCharge.TotalAmount)));
        }

        var plan = new CommerceLayerReturnPlan(id, order.Id, lines, charges);
        return plan.IsEmpty
            ? CommerceLayerReturnMapping.Skip(id, $"Nothing to return: {what} returns nothing Leat order {sent.ExternalIdentifier} holds.")
            : new CommerceLayerReturnMapping(id, CommerceLayerReturnAction.Send, Map(plan), 0, null);
    }

    /// <summary>
    /// A refund: a succeeded refund made without a return is, under rule <c>refunds</c> = <c>spread</c>, a Leat return of
    /// its amount spread over what remains returnable; a refund of a return is covered by that return; a refund that
    /// has not succeeded waits.
    /// </summary>
    public static CommerceLayerReturnMapping MapRefund(CommerceLayerRefund refund, CommerceLayerOrder order, LeatOrderRequest sent, CommerceLayerMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(refund);
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sent);
        ArgumentNullException.ThrowIfNull(rules);
        var id = CommerceLayerIds.Refund(refund.Id);
        var what = $"Commerce Layer refund {refund.Id}{(refund.Number is { } n ? $" ({n})" : string.Empty)}";
        if (!refund.Succeeded)
        {
            return CommerceLayerReturnMapping.Wait(id, $"{what} has not succeeded.");
        }

        var ofReturn = refund.ReturnId ?? order.Returns.FirstOrDefault(r => r.ReferenceRefundId == refund.Id)?.Id;
        if (ofReturn is not null)
        {
            return CommerceLayerReturnMapping.Skip(id, $"{what} refunds return {ofReturn}; the return itself takes the points back.");
        }

        if (rules.Refunds == CommerceLayerRefundRule.Ignore)
        {
            return CommerceLayerReturnMapping.Skip(id, $"{what} is not sent: commercelayer.json \"refunds\" is \"ignore\".");
        }

        if (refund.CurrencyCode is { } code && sent.Currency is { } saleCurrency && !string.Equals(code, saleCurrency, StringComparison.OrdinalIgnoreCase))
        {
            throw new CommerceLayerMappingException($"{what} is in {code}, but Leat order {sent.ExternalIdentifier} is in {saleCurrency}.");
        }

        if (refund.AmountCents <= 0)
        {
            return CommerceLayerReturnMapping.Skip(id, $"{what} refunds {refund.AmountCents}; nothing to return.");
        }

        var preview = new LeatOrderReturnRequest
        {
            Order = new LeatOrderReference(null, sent.ExternalIdentifier),
            ExternalIdentifier = id,
            Status = LeatReturnStatus.Completed,
        };
        return new CommerceLayerReturnMapping(id, CommerceLayerReturnAction.Send, preview, refund.AmountCents, null);
    }

    /// <summary>
    /// The cancellation of an order whose sale reached Leat (<c>orders.cancel</c>, also the cancel a full refund
    /// causes): a Leat return of every line and charge of the sale as sent, in full. The dispatcher cuts it to what
    /// remains after earlier returns, and records it as skipped when nothing does.
    /// </summary>
    public static CommerceLayerReturnMapping MapCancellation(CommerceLayerOrder order, LeatOrderRequest sent)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(sent);
        var id = CommerceLayerIds.Cancellation(order.Id);
        var plan = new CommerceLayerReturnPlan(
            id,
            order.Id,
            [.. sent.LineItems.Where(l => l.TotalAmount > 0).Select(l => new CommerceLayerReturnLinePlan(l.ExternalIdentifier, l.Quantity, l.TotalAmount, "cancelled"))],
            [.. (sent.Charges ?? []).Where(c => c.TotalAmount > 0).Select(c => new CommerceLayerReturnChargePlan(c.ExternalIdentifier, c.TotalAmount))]);
        return plan.IsEmpty
            ? CommerceLayerReturnMapping.Skip(id, $"Nothing to return: Leat order {sent.ExternalIdentifier} has no amount the cancellation of Commerce Layer order {order.Id} could take back.")
            : new CommerceLayerReturnMapping(id, CommerceLayerReturnAction.Send, Map(plan), 0, null);
    }

    /// <summary>What a refund's amount is spread over: the sale as sent, every line and charge (a refund can reach shipping and tax).</summary>
    public static LeatOrderRequest SpreadOver(LeatOrderRequest sent) => sent ?? throw new ArgumentNullException(nameof(sent));

    private static LeatCharge? TaxCharge(LeatOrderRequest sent, string orderId) =>
        sent.Charges?.FirstOrDefault(c => c.ExternalIdentifier == $"{CommerceLayerIds.Order(orderId)}:tax");

    /// <summary><paramref name="amount"/> × <paramref name="part"/> / <paramref name="whole"/>, rounded half up (exact for whole returns).</summary>
    private static long Share(long amount, int part, int whole) =>
        part == whole ? amount : Apportion.LargestRemainder(amount, [part, whole - part])[0];

    private static LeatOrderReturnRequest Map(CommerceLayerReturnPlan plan) => CommerceLayerMapperConfiguration.Mapper.Map<LeatOrderReturnRequest>(plan);
}
