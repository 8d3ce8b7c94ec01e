using Connector.Leat.Model;
using Connector.Leat.Money;
using Connector.Platforms.CommerceLayer.Model;

namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>
/// The money of a Commerce Layer sale, in minor units. Products (<c>skus</c>, <c>bundles</c>) become lines at their
/// unit price (options folded in) less the promotions Commerce Layer allocated to them; a gift-card redemption is a
/// means of payment, so its share inside a product's <c>discount_cents</c> is not a discount and the order's value
/// in Leat is what it was worth before the card paid for part of it. Promotion amounts Commerce Layer did not
/// allocate to a product (free shipping, a promotion with no breakdown) go onto the shipping charges (free shipping)
/// or are spread over the products by their totals (largest remainder), so every discount in Leat is linked to the
/// lines it came off and returns can take it back line by line.
/// </summary>
internal static class CommerceLayerSalePlanner
{
    public static CommerceLayerSalePlan Build(CommerceLayerOrder order, string shopUuid, CommerceLayerMappingRules rules)
    {
        var what = $"Commerce Layer order {order.Id}";
        var currency = Currency.TryOf(order.CurrencyCode, out var c) ? c : throw new CommerceLayerMappingException($"{what} has currency_code \"{order.CurrencyCode}\", which is not an ISO 4217 code.");
        var byId = order.LineItems.ToDictionary(l => l.Id, StringComparer.Ordinal);
        var giftRedemptions = order.LineItems.Where(l => l.ItemType == CommerceLayerItemTypes.GiftCards && l.TotalAmountCents < 0).Select(l => l.Id).ToHashSet(StringComparer.Ordinal);
        var promotions = order.LineItems.Where(l => CommerceLayerItemTypes.IsPromotion(l.ItemType)).ToList();

        // Lines: products, and gift cards bought when they earn points by rule.
        var sold = order.LineItems.Where(l => CommerceLayerItemTypes.IsProduct(l.ItemType)
            || (rules.GiftCardPurchasesEarnPoints && l.ItemType == CommerceLayerItemTypes.GiftCards && l.TotalAmountCents > 0)).ToList();
        var lines = new List<(CommerceLayerLineItem Item, long Price)>();
        foreach (var item in sold)
        {
            if (item.Quantity <= 0)
            {
                throw new CommerceLayerMappingException($"{what}: line item {item.Id} has quantity {item.Quantity}.");
            }

            if (item.OptionsAmountCents % item.Quantity != 0)
            {
                throw new CommerceLayerMappingException($"{what}: line item {item.Id} has options worth {item.OptionsAmountCents} over {item.Quantity} units, which is not a whole amount per unit.");
            }

            var price = item.UnitAmountCents + (item.OptionsAmountCents / item.Quantity);
            if (MinorUnits.Extend(price, item.Quantity) != item.TotalAmountCents)
            {
                throw new CommerceLayerMappingException($"{what}: line item {item.Id} totals {item.TotalAmountCents}, but unit {item.UnitAmountCents} × {item.Quantity} + options {item.OptionsAmountCents} is {MinorUnits.Extend(price, item.Quantity)}.");
            }

            lines.Add((item, price));
        }

        // Each line's promotions, by the line item that caused them; gift-card shares are payment, not discount.
        var allocations = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal); // discount id → line id → amount (positive)
        var unattributedId = $"{CommerceLayerIds.Order(order.Id)}:discount";
        foreach (var (item, _) in lines)
        {
            var fromBreakdown = 0L;
            foreach (var (cause, share) in item.DiscountBreakdown)
            {
                fromBreakdown += share.Cents;
                if (!giftRedemptions.Contains(cause) && share.Cents != 0)
                {
                    Allocate(allocations, cause, item.Id, -share.Cents);
                }
            }

            // A discount_cents the breakdown does not explain is a promotion Commerce Layer did not attribute.
            var unexplained = item.DiscountCents - fromBreakdown;
            if (unexplained != 0)
            {
                Allocate(allocations, unattributedId, item.Id, -unexplained);
            }
        }

        var charges = new List<CommerceLayerChargePlan>();
        foreach (var item in order.LineItems.Where(l => l.TotalAmountCents != 0))
        {
            switch (item.ItemType)
            {
                case CommerceLayerItemTypes.Shipments:
                    charges.Add(new CommerceLayerChargePlan(item.Id, item.Name ?? "Shipping", item.TotalAmountCents, 0, LeatChargeDefinitions.Shipping));
                    break;
                case CommerceLayerItemTypes.PaymentMethods:
                    charges.Add(new CommerceLayerChargePlan(item.Id, item.Name ?? "Payment fee", item.TotalAmountCents, 0, LeatChargeDefinitions.ServiceCharge));
                    break;
                case CommerceLayerItemTypes.Adjustments when item.TotalAmountCents > 0:
                    charges.Add(new CommerceLayerChargePlan(item.Id, item.Name ?? "Adjustment", item.TotalAmountCents, 0, null));
                    break;
            }
        }

        if (!order.TaxIncluded && order.TotalTaxAmountCents != 0)
        {
            charges.Add(new CommerceLayerChargePlan($"{CommerceLayerIds.Order(order.Id)}:tax", "Tax", order.TotalTaxAmountCents, 0, LeatChargeDefinitions.Tax));
        }

        // What each promotion (and negative adjustment) took that Commerce Layer did not allocate to a product.
        var lineRemaining = lines.ToDictionary(l => l.Item.Id, l => l.Item.TotalAmountCents - allocations.Values.Sum(a => a.GetValueOrDefault(l.Item.Id)), StringComparer.Ordinal);
        var chargeDiscounts = new Dictionary<string, Dictionary<string, long>>(StringComparer.Ordinal);
        var negatives = promotions.Concat(order.LineItems.Where(l => l.ItemType == CommerceLayerItemTypes.Adjustments && l.TotalAmountCents < 0));
        foreach (var discount in negatives)
        {
            var allocated = allocations.TryGetValue(discount.Id, out var a) ? a.Values.Sum() : 0;
            var rest = -discount.TotalAmountCents - allocated;
            if (rest <= 0)
            {
                continue;
            }

            if (discount.ItemType == "free_shipping_promotions")
            {
                foreach (var shipping in charges.Where(ch => ch.Definition == LeatChargeDefinitions.Shipping).ToList())
                {
                    var take = Math.Min(rest, shipping.Total - chargeDiscounts.Values.Sum(d => d.GetValueOrDefault(shipping.Id)));
                    if (take > 0)
                    {
                        Allocate(chargeDiscounts, discount.Id, shipping.Id, take);
                        rest -= take;
                    }
                }
            }

            if (rest > 0)
            {
                var ids = lineRemaining.Keys.ToList();
                var weights = ids.Select(id => lineRemaining[id]).ToList();
                if (weights.Sum() < rest)
                {
                    throw new CommerceLayerMappingException($"{what}: {discount.ItemType} line {discount.Id} takes {rest} more than the products it could apply to are worth.");
                }

                var parts = Apportion.LargestRemainderCapped(rest, weights, weights);
                for (var k = 0; k < ids.Count; k++)
                {
                    if (parts[k] > 0)
                    {
                        Allocate(allocations, discount.Id, ids[k], parts[k]);
                        lineRemaining[ids[k]] -= parts[k];
                    }
                }
            }
        }

        var planLines = lines.Select(l => new CommerceLayerLinePlan(
            l.Item.Id,
            l.Item.Name ?? l.Item.SkuCode ?? l.Item.BundleCode ?? l.Item.Id,
            l.Item.Quantity,
            l.Price,
            allocations.Values.Sum(a => a.GetValueOrDefault(l.Item.Id)),
            l.Item.SkuCode ?? l.Item.BundleCode ?? l.Item.Id)).ToList();
        var planCharges = charges.Select(ch => ch with { Discount = chargeDiscounts.Values.Sum(d => d.GetValueOrDefault(ch.Id)) }).ToList();
        var discountIds = allocations.Keys.Concat(chargeDiscounts.Keys).Distinct(StringComparer.Ordinal);
        var planDiscounts = discountIds.Select(id => new CommerceLayerDiscountPlan(
            id,
            DiscountName(id, byId, unattributedId),
            (allocations.TryGetValue(id, out var l) ? l.Values.Sum() : 0) + (chargeDiscounts.TryGetValue(id, out var ch) ? ch.Values.Sum() : 0),
            l?.Where(p => p.Value > 0).Select(p => p.Key).ToList() ?? [],
            ch?.Where(p => p.Value > 0).Select(p => p.Key).ToList() ?? [])).Where(d => d.Amount > 0).ToList();

        var plan = new CommerceLayerSalePlan(shopUuid, currency, planLines, planDiscounts, planCharges);
        CheckTotal(order, plan, rules, what);
        return plan;
    }

    /// <summary>
    /// The Leat total must be Commerce Layer's: <c>total_amount_cents</c>, with a gift card bought but left out by rule
    /// taken off, and a gift-card redemption added back when Commerce Layer's total already deducted it.
    /// </summary>
    private static void CheckTotal(CommerceLayerOrder order, CommerceLayerSalePlan plan, CommerceLayerMappingRules rules, string what)
    {
        var leftOut = rules.GiftCardPurchasesEarnPoints ? 0 : order.LineItems.Where(l => l.ItemType == CommerceLayerItemTypes.GiftCards && l.TotalAmountCents > 0).Sum(l => l.TotalAmountCents);
        var expected = order.TotalAmountCents - leftOut;
        if (plan.TotalOrderAmount == expected || plan.TotalOrderAmount == expected - order.GiftCardAmountCents)
        {
            return;
        }

        throw new CommerceLayerMappingException(
            $"{what}: its parts add up to {plan.TotalOrderAmount} ({plan.Currency.Code} minor units: products {plan.OrderAmount}, charges {plan.Charges.Sum(c => c.Total)}), "
            + $"but total_amount_cents is {order.TotalAmountCents} (gift cards bought and left out: {leftOut}, gift_card_amount_cents {order.GiftCardAmountCents}).");
    }

    private static string DiscountName(string id, Dictionary<string, CommerceLayerLineItem> byId, string unattributedId) =>
        id == unattributedId ? "Discount" : byId.TryGetValue(id, out var line) ? line.Name ?? line.CouponCode ?? line.ItemType ?? id : id;

    private static void Allocate(Dictionary<string, Dictionary<string, long>> allocations, string discountId, string targetId, long amount)
    {
        if (!allocations.TryGetValue(discountId, out var byTarget))
        {
            allocations[discountId] = byTarget = new Dictionary<string, long>(StringComparer.Ordinal);
        }

        byTarget[targetId] = byTarget.GetValueOrDefault(targetId) + amount;
    }
}
