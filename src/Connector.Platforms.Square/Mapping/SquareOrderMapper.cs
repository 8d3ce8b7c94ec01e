using Connector.Leat.Model;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// Square orders → Leat payloads. Sales (and an exchange's new items) become Leat orders, each <c>returns[]</c> entry of
/// a return order a Leat order return against its sale. Pure and thread-safe: no I/O, the caller fetches the orders
/// and the dispatcher fills in the contact and caps returns cumulatively. Every order payload balances by
/// <see cref="Connector.Leat.Balance.LeatPayloadBalance"/>.
/// </summary>
public static class SquareOrderMapper
{
    /// <summary>
    /// True for an order to sync as a sale: its state is one of <see cref="SquareMappingRules.SaleStates"/> and it sells
    /// something of its own. A pure return order (<c>returns</c> but no <c>line_items</c>) is not a sale; an exchange (both)
    /// is, for its new items.
    /// </summary>
    public static bool IsSaleToSync(SquareOrder order, SquareMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(rules);
        return order.State is { } state && rules.SaleStates.Contains(state) && (HasOwnItems(order) || !IsReturnOrder(order));
    }

    /// <summary>True when the order returns something (it has <c>returns</c>); map those with <see cref="MapReturns"/>.</summary>
    public static bool IsReturnOrder(SquareOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        return order.Returns is { Count: > 0 };
    }

    /// <summary>
    /// True for an exchange: a return order that also sells new items. Its returns go through <see cref="MapReturns"/>, its
    /// new items through <see cref="MapSale"/> as a Leat order of their own, <c>square:&lt;exchange order id&gt;</c>, distinct
    /// from the original sale's <c>square:&lt;sale id&gt;</c>.
    /// </summary>
    public static bool IsExchange(SquareOrder order) => IsReturnOrder(order) && HasOwnItems(order);

    /// <summary>
    /// The Leat order for a Square sale, booked on <paramref name="shopUuid"/> (from <c>locations</c> in square.json). The
    /// contact is left empty for the dispatcher to resolve from the buyer's e-mail.
    /// </summary>
    /// <exception cref="SquareMappingException">The order has no id, an unreadable quantity, or a discount larger than its line.</exception>
    public static LeatOrderRequest MapSale(SquareOrder order, string shopUuid, SquareMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(shopUuid);
        ArgumentNullException.ThrowIfNull(rules);
        var plan = SquareSalePlan.Build(order, shopUuid, rules);
        return SquareMapperConfiguration.Mapper.Map<LeatOrderRequest>(order, o => o.Items[SquareSaleProfile.PlanKey] = plan);
    }

    /// <summary>
    /// One result per <c>returns[]</c> entry of <paramref name="returnOrder"/>: a Leat return referencing
    /// <c>square:&lt;source_order_id&gt;</c>, or a skip with its reason (unlinked return, nothing returned).
    /// <paramref name="saleById"/> looks a sale up by Square order id (null when unknown); it is needed to spread
    /// amount-only refunds and to fill in prices a return line omits. An amount-only part is marked
    /// (<see cref="SquareReturnMapping.SpreadAmount"/>) for the dispatcher to spread over what remains returnable.
    /// </summary>
    /// <exception cref="SquareMappingException">An amount-only refund whose sale <paramref name="saleById"/> cannot find, or an unreadable quantity.</exception>
    public static IReadOnlyList<SquareReturnMapping> MapReturns(SquareOrder returnOrder, Func<string, SquareOrder?> saleById, SquareMappingRules rules)
    {
        ArgumentNullException.ThrowIfNull(returnOrder);
        ArgumentNullException.ThrowIfNull(saleById);
        ArgumentNullException.ThrowIfNull(rules);
        var returnOrderId = string.IsNullOrEmpty(returnOrder.Id) ? throw new SquareMappingException("A Square return order without an id cannot be mapped.") : returnOrder.Id;

        var results = new List<SquareReturnMapping>();
        foreach (var entry in returnOrder.Returns ?? [])
        {
            if (string.IsNullOrEmpty(entry.SourceOrderId))
            {
                results.Add(new SquareReturnMapping(returnOrderId, entry.Uid, null, null,
                    $"Square return {entry.Uid ?? "(no uid)"} on order {returnOrderId} is not linked to a sale (no source_order_id); nothing to send to Leat"));
                continue;
            }

            var sale = saleById(entry.SourceOrderId);
            // The sale as it was sent to Leat: its identifiers and sold amounts are what an amount-only refund spreads over.
            var mappedSale = sale is null ? null : MapSale(sale, string.Empty, rules);
            var plan = SquareReturnPlan.Build(returnOrderId, entry, entry.SourceOrderId, sale, mappedSale, rules);
            if (plan.IsEmpty)
            {
                results.Add(new SquareReturnMapping(returnOrderId, entry.Uid, entry.SourceOrderId, null,
                    $"Square return {entry.Uid ?? "(no uid)"} on order {returnOrderId} returns nothing with a quantity or amount; nothing to send to Leat"));
                continue;
            }

            var request = SquareMapperConfiguration.Mapper.Map<LeatOrderReturnRequest>(entry, o => o.Items[SquareReturnProfile.PlanKey] = plan);
            LeatOrderReturnRequest? itemized = null;
            if (plan.SpreadAmount > 0)
            {
                // The same entry without the spread: the dispatcher caps this part, then spreads the amount over what remains.
                var itemizedPlan = SquareReturnPlan.Build(returnOrderId, entry, entry.SourceOrderId, sale, mappedSale, rules, withSpread: false);
                itemized = itemizedPlan.IsEmpty
                    ? null
                    : SquareMapperConfiguration.Mapper.Map<LeatOrderReturnRequest>(entry, o => o.Items[SquareReturnProfile.PlanKey] = itemizedPlan);
            }

            results.Add(new SquareReturnMapping(returnOrderId, entry.Uid, entry.SourceOrderId, request, null)
            {
                SpreadAmount = plan.SpreadAmount,
                Itemized = itemized,
                SpreadOver = plan.SpreadAmount > 0 ? mappedSale : null,
            });
        }

        return results;
    }

    private static bool HasOwnItems(SquareOrder order) => order.LineItems is { Count: > 0 };
}
