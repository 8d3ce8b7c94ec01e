using Connector.Leat.Model;
using Connector.Leat.Money;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>
/// NewStore documents → Leat payloads: sales (<c>order.opened</c>), returns (<c>return.processed</c>), cancellations
/// (<c>order.cancelled</c>, <c>order.items_cancelled</c>) and appeasements (<c>refund_request.issued</c>). Returns,
/// cancellations and appeasements are mapped against the sale as it was sent to Leat, so they only ever name lines
/// and charges Leat has.
/// </summary>
public static class NewStoreMapper
{
    /// <summary>
    /// The Leat order of <paramref name="order"/> without the items in <paramref name="cancelled"/> (cancelled before
    /// the sale reached Leat), or why it is skipped: historical (rule <c>skip_historical</c>), a channel that does not
    /// sync (rule <c>channels</c>), or every item cancelled.
    /// </summary>
    /// <exception cref="NewStoreMappingException">The order's totals disagree or an amount cannot be converted exactly.</exception>
    public static NewStoreSaleMapping MapSale(NewStoreOrder order, string shopUuid, NewStoreMappingRules rules, IReadOnlySet<string>? cancelled = null)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(rules);
        var id = NewStoreIds.Order(order.Id);
        if (SkipReasonOf(order, rules) is { } reason)
        {
            return new NewStoreSaleMapping(id, null, reason);
        }

        var plan = NewStoreSalePlan.Build(order, shopUuid, cancelled ?? new HashSet<string>());
        if (plan.Items.Count == 0)
        {
            return new NewStoreSaleMapping(id, null, $"Every item of NewStore order {order.Id} was cancelled before the sale reached Leat; nothing to send.");
        }

        return new NewStoreSaleMapping(id, NewStoreMapperConfiguration.Mapper.Map<LeatOrderRequest>(order, o => o.Items[NewStoreSaleProfile.PlanKey] = plan), null);
    }

    /// <summary>Why the sale is not synced at all (before any amount is looked at), or null.</summary>
    public static string? SkipReasonOf(NewStoreOrder order, NewStoreMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(rules);
        if (order.IsHistorical && rules.SkipHistorical)
        {
            return $"NewStore order {order.Id} is historical (is_historical, imported history) and newstore.json skip_historical is true.";
        }

        if (!rules.SyncsChannel(order.ChannelType))
        {
            return $"NewStore order {order.Id} is from channel_type \"{order.ChannelType}\", which newstore.json \"channels\" does not sync ({string.Join(", ", rules.Channels!.Order(StringComparer.Ordinal))}).";
        }

        return null;
    }

    /// <summary>
    /// The Leat return of <c>return.processed</c> against the sale as sent: one line per returned item with NewStore's
    /// own per-unit <c>refund_amount</c> (tax_excluded: its tax part, <c>refund_tax</c>, goes back on the TAX charge);
    /// shipping refunded, derived as <c>total_refund_amount + return_fee − Σ refund_amount</c>, goes back on the
    /// SHIPPING charge. The return fee is kept by the merchant and is not returned. Blind returns (no <c>order_id</c>)
    /// and historical returns (rule <c>skip_historical</c>) are skipped with the reason, and so is a return of nothing
    /// the Leat order holds.
    /// </summary>
    /// <exception cref="NewStoreMappingException">An amount cannot be converted exactly, or the refund totals disagree.</exception>
    public static NewStoreReturnMapping MapReturn(NewStoreReturn processed, LeatOrderRequest? sale, NewStoreOrder? order, NewStoreMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(processed);
        ArgumentNullException.ThrowIfNull(rules);
        var id = NewStoreIds.Return(processed.Id);
        if (string.IsNullOrWhiteSpace(processed.OrderId))
        {
            return NewStoreReturnMapping.Skip(id, null,
                $"NewStore return {processed.Id} is a blind return (no order_id): it belongs to no sale that reached Leat, so there is nothing to return.");
        }

        var orderId = processed.OrderId;
        if (processed.IsHistorical && rules.SkipHistorical)
        {
            return NewStoreReturnMapping.Skip(id, orderId, $"NewStore return {processed.Id} is historical (is_historical) and newstore.json skip_historical is true.");
        }

        if (sale is null)
        {
            return NewStoreReturnMapping.Skip(id, orderId, $"NewStore return {processed.Id}: its order {orderId} was not sent to Leat.");
        }

        var currency = SameCurrency(processed.Currency, sale, $"NewStore return {processed.Id}");
        var lines = sale.LineItems.ToDictionary(l => l.ExternalIdentifier, StringComparer.Ordinal);
        var taxCharge = sale.Charges?.FirstOrDefault(c => c.ExternalIdentifier == NewStoreIds.Tax(orderId));
        var shippingCharge = sale.Charges?.FirstOrDefault(c => c.ExternalIdentifier == NewStoreIds.Shipping(orderId));
        var taxExcluded = order is not null ? NewStoreMoney.PriceMethod(order) == NewStoreMoney.TaxExcluded : taxCharge is not null;

        var returned = new List<NewStoreReturnLinePlan>();
        var missing = new List<string>();
        long refunds = 0, tax = 0;
        for (var i = 0; i < processed.Items.Count; i++)
        {
            var item = processed.Items[i];
            var refund = NewStoreMoney.ToMinor(item.RefundAmount, currency, $"items[{i}].refund_amount");
            if (refund < 0 || item.Quantity <= 0)
            {
                throw new NewStoreMappingException($"NewStore return {processed.Id}: items[{i}] ({item.Id}) has refund_amount {item.RefundAmount} and quantity {item.Quantity}; both must be positive.");
            }

            refunds += refund;
            if (!lines.ContainsKey(item.Id))
            {
                missing.Add(item.Id);
                continue;
            }

            var taxPart = taxExcluded ? TaxPartOf(item, i, refund, order, currency) : 0;
            tax += taxPart;
            returned.Add(new NewStoreReturnLinePlan(item.Id, item.Quantity, refund - taxPart, item.ReturnReason));
        }

        var total = NewStoreMoney.ToMinor(processed.TotalRefundAmount, currency, "total_refund_amount");
        var fee = NewStoreMoney.ToMinor(processed.ReturnFee, currency, "return_fee");
        var shipping = total + fee - refunds;
        if (shipping < 0)
        {
            throw new NewStoreMappingException(
                $"NewStore return {processed.Id}: total_refund_amount {NewStoreMoney.Major(total, currency)} + return_fee {NewStoreMoney.Major(fee, currency)} is less than Σ items refund_amount {NewStoreMoney.Major(refunds, currency)}.");
        }

        var charges = new List<NewStoreReturnChargePlan>();
        if (shipping > 0)
        {
            if (shippingCharge is null)
            {
                throw new NewStoreMappingException(
                    $"NewStore return {processed.Id} refunds {NewStoreMoney.Major(shipping, currency)} of shipping (total_refund_amount + return_fee − Σ items refund_amount), but Leat order {NewStoreIds.Order(orderId)} has no shipping charge.");
            }

            charges.Add(new NewStoreReturnChargePlan(shippingCharge.ExternalIdentifier, shipping));
        }

        if (tax > 0)
        {
            charges.Add(new NewStoreReturnChargePlan(taxCharge?.ExternalIdentifier ?? NewStoreIds.Tax(orderId), tax));
        }

        var plan = new NewStoreReturnPlan(id, orderId, returned, charges);
        if (plan.IsEmpty)
        {
            return NewStoreReturnMapping.Skip(id, orderId,
                $"Nothing left to return: none of the items NewStore return {processed.Id} names ({string.Join(", ", missing)}) is on Leat order {NewStoreIds.Order(orderId)} (cancelled before the sale reached Leat).");
        }

        return new NewStoreReturnMapping(id, orderId, Map(plan), null);
    }

    /// <summary>
    /// The Leat return of a cancellation that came after the sale reached Leat: the cancelled units that are on the
    /// Leat order, at what they were sold for (tax_excluded: with their tax on the TAX charge), and, when the whole order
    /// is cancelled, its shipping. Units the sale was sent without are not returned; when none is left the cancellation
    /// is skipped ("nothing left to return").
    /// </summary>
    public static NewStoreReturnMapping MapCancellation(string orderId, IReadOnlyCollection<string> cancelledItemIds, bool wholeOrder, LeatOrderRequest sale, NewStoreOrder? order)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        ArgumentNullException.ThrowIfNull(cancelledItemIds);
        ArgumentNullException.ThrowIfNull(sale);
        var id = NewStoreIds.Cancellation(orderId, cancelledItemIds);
        var currency = SameCurrency(order?.Currency ?? sale.Currency, sale, $"Cancellation of NewStore order {orderId}");
        var cancelled = cancelledItemIds.ToHashSet(StringComparer.Ordinal);
        var taxExcluded = order is not null && NewStoreMoney.PriceMethod(order) == NewStoreMoney.TaxExcluded;
        var lines = new List<NewStoreReturnLinePlan>();
        long tax = 0;
        foreach (var line in sale.LineItems.Where(l => cancelled.Contains(l.ExternalIdentifier)))
        {
            lines.Add(new NewStoreReturnLinePlan(line.ExternalIdentifier, line.Quantity, line.TotalAmount, "cancelled"));
            if (taxExcluded && order!.Items.Select((item, index) => (item, index)).FirstOrDefault(x => x.item.Id == line.ExternalIdentifier) is { item: not null } found)
            {
                tax += NewStoreMoney.ToMinor(found.item.Tax, currency, $"items[{found.index}].tax");
            }
        }

        var charges = new List<NewStoreReturnChargePlan>();
        if (lines.Count > 0 && wholeOrder && sale.Charges?.FirstOrDefault(c => c.ExternalIdentifier == NewStoreIds.Shipping(orderId)) is { } shipping)
        {
            charges.Add(new NewStoreReturnChargePlan(shipping.ExternalIdentifier, shipping.TotalAmount));
        }

        if (tax > 0 && sale.Charges?.FirstOrDefault(c => c.ExternalIdentifier == NewStoreIds.Tax(orderId)) is { } taxCharge)
        {
            charges.Add(new NewStoreReturnChargePlan(taxCharge.ExternalIdentifier, tax));
        }

        var plan = new NewStoreReturnPlan(id, orderId, lines, charges);
        return plan.IsEmpty
            ? NewStoreReturnMapping.Skip(id, orderId,
                $"Nothing left to return: none of the cancelled items of NewStore order {orderId} ({string.Join(", ", cancelled.Order(StringComparer.Ordinal))}) is on Leat order {sale.ExternalIdentifier}, which was sent without them.")
            : new NewStoreReturnMapping(id, orderId, Map(plan), null);
    }

    /// <summary>
    /// An appeasement under rule <c>appeasements</c>: <c>ignore</c> → skipped; <c>spread</c> → a Leat return of the amount
    /// spread over the sale's lines and charges in proportion to their totals, largest remainder, none above its total
    /// and the whole capped at the sale. That preview names the return; the dispatcher spreads the amount again over
    /// what remains returnable after earlier returns.
    /// </summary>
    /// <summary>
    /// The sale as an appeasement is spread over: its lines and charges but shipping. NewStore puts an appeasement on the
    /// items (prorated by price paid, reference 4.3) and refunds shipping whole with the return of the last item, so a
    /// share spread onto shipping would leave that return capped and the order short in Leat by the share.
    /// </summary>
    public static LeatOrderRequest AppeasementSpreadOver(LeatOrderRequest sale)
    {
        ArgumentNullException.ThrowIfNull(sale);
        return sale with { Charges = sale.Charges is null ? null : [.. AppeasableCharges(sale)] };
    }

    private static IEnumerable<LeatCharge> AppeasableCharges(LeatOrderRequest sale) =>
        (sale.Charges ?? []).Where(c => c.ExternalIdentifier != sale.ExternalIdentifier + ":shipping");

    public static NewStoreReturnMapping MapAppeasement(NewStoreRefundRequest appeasement, LeatOrderRequest sale, NewStoreMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(appeasement);
        ArgumentNullException.ThrowIfNull(sale);
        ArgumentNullException.ThrowIfNull(rules);
        var id = NewStoreIds.Appeasement(appeasement.Id);
        if (rules.Appeasements == NewStoreAppeasementRule.Ignore)
        {
            return NewStoreReturnMapping.Skip(id, appeasement.OrderId, $"NewStore appeasement {appeasement.Id} is not sent: newstore.json \"appeasements\" is \"ignore\".");
        }

        var currency = SameCurrency(appeasement.Currency, sale, $"NewStore appeasement {appeasement.Id}");
        var amount = NewStoreMoney.ToMinor(appeasement.Amount, currency, "amount");
        if (amount <= 0)
        {
            return NewStoreReturnMapping.Skip(id, appeasement.OrderId, $"NewStore appeasement {appeasement.Id} refunds {NewStoreMoney.Major(amount, currency)}; nothing to return.");
        }

        var parts = sale.LineItems.Select(l => (l.ExternalIdentifier, l.TotalAmount, IsLine: true))
            .Concat(AppeasableCharges(sale).Select(c => (c.ExternalIdentifier, c.TotalAmount, IsLine: false))).ToList();
        var totals = parts.Select(p => p.TotalAmount).ToList();
        var spread = Apportion.LargestRemainderCapped(Math.Min(amount, totals.Sum()), totals, totals);
        var lines = new List<NewStoreReturnLinePlan>();
        var charges = new List<NewStoreReturnChargePlan>();
        for (var k = 0; k < parts.Count; k++)
        {
            if (spread[k] == 0)
            {
                continue;
            }

            if (parts[k].IsLine)
            {
                lines.Add(new NewStoreReturnLinePlan(parts[k].ExternalIdentifier, 0, spread[k], "appeasement"));
            }
            else
            {
                charges.Add(new NewStoreReturnChargePlan(parts[k].ExternalIdentifier, spread[k]));
            }
        }

        var plan = new NewStoreReturnPlan(id, appeasement.OrderId, lines, charges);
        return plan.IsEmpty
            ? NewStoreReturnMapping.Skip(id, appeasement.OrderId, $"Nothing left to return: Leat order {sale.ExternalIdentifier} has no amount the appeasement could go to.")
            : new NewStoreReturnMapping(id, appeasement.OrderId, Map(plan), null, amount);
    }

    /// <summary>
    /// The tax part of a tax_excluded refund: NewStore's <c>refund_tax</c>, else refund − <c>refund_excl_tax</c>, else the
    /// refund split between the unit's net and tax as sold (largest remainder), else none.
    /// </summary>
    private static long TaxPartOf(NewStoreReturnItem item, int index, long refund, NewStoreOrder? order, Currency currency)
    {
        long part;
        if (item.RefundTax is { } refundTax)
        {
            part = NewStoreMoney.ToMinor(refundTax, currency, $"items[{index}].refund_tax");
        }
        else if (item.RefundExclTax is { } excl)
        {
            part = refund - NewStoreMoney.ToMinor(excl, currency, $"items[{index}].refund_excl_tax");
        }
        else if (order?.Items.FirstOrDefault(x => x.Id == item.Id) is { } sold)
        {
            var net = NewStoreMoney.ToMinor(sold.ListPrice - sold.ItemDiscounts - sold.OrderDiscounts, currency, "list_price − discounts");
            var soldTax = NewStoreMoney.ToMinor(sold.Tax, currency, "tax");
            part = net + soldTax == 0 ? 0 : Apportion.LargestRemainder(refund, [net, soldTax])[1];
        }
        else
        {
            part = 0;
        }

        return part < 0 || part > refund
            ? throw new NewStoreMappingException($"NewStore return item {item.Id}: its tax part {part} is outside its refund_amount {refund} (minor units).")
            : part;
    }

    private static Currency SameCurrency(string? code, LeatOrderRequest sale, string what)
    {
        var currency = NewStoreMoney.CurrencyOf(code, what);
        return sale.Currency is { } saleCurrency && !string.Equals(saleCurrency, currency.Code, StringComparison.OrdinalIgnoreCase)
            ? throw new NewStoreMappingException($"{what} is in {currency.Code}, but Leat order {sale.ExternalIdentifier} is in {saleCurrency}.")
            : currency;
    }

    private static LeatOrderReturnRequest Map(NewStoreReturnPlan plan) => NewStoreMapperConfiguration.Mapper.Map<LeatOrderReturnRequest>(plan);
}
