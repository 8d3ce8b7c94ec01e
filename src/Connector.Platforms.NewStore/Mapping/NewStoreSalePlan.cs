using Connector.Leat.Model;
using Connector.Leat.Money;
using Connector.Platforms.NewStore.Model;

namespace Connector.Platforms.NewStore.Mapping;

/// <summary>One Leat line: a NewStore item (one unit) in minor units; <see cref="Tax"/> is what the item's tax adds on top (tax_excluded only).</summary>
internal sealed record NewStoreLinePlan(string ExternalId, decimal Quantity, long Price, long ItemDiscount, long OrderDiscount, long Total, long Tax)
{
    public long Discount => ItemDiscount + OrderDiscount;
}

/// <summary>An applied discount, linked to the lines it was spread over.</summary>
internal sealed record NewStoreDiscountPlan(string ExternalIdentifier, string Name, long Amount, IReadOnlyList<string> Lines);

/// <summary>A charge (shipping or tax).</summary>
internal sealed record NewStoreChargePlan(string ExternalIdentifier, string Name, long Amount, string Definition);

/// <summary>
/// Every amount of a NewStore sale in Leat, computed once with <see cref="NewStoreMoney"/> before the AutoMapper
/// profile lays out the structure. Items in <c>excluded</c> (cancelled before the sale reached Leat) are left out with
/// their discounts and tax.
/// </summary>
internal sealed class NewStoreSalePlan
{
    private readonly Dictionary<string, NewStoreLinePlan> _lines;

    private NewStoreSalePlan(NewStoreOrder order, string shopUuid, Currency currency, string priceMethod, IReadOnlyList<NewStoreOrderItem> items,
        Dictionary<string, NewStoreLinePlan> lines, IReadOnlyList<NewStoreDiscountPlan> discounts, IReadOnlyList<NewStoreChargePlan> charges)
    {
        Order = order;
        ShopUuid = shopUuid;
        Currency = currency;
        PriceMethod = priceMethod;
        Items = items;
        _lines = lines;
        Discounts = discounts;
        Charges = charges;
        OrderAmount = lines.Values.Sum(l => l.Total);
        TotalOrderAmount = OrderAmount + charges.Sum(c => c.Amount);
        TotalDiscountAmount = discounts.Sum(d => d.Amount);
    }

    public NewStoreOrder Order { get; }

    public string ShopUuid { get; }

    public Currency Currency { get; }

    public string PriceMethod { get; }

    /// <summary>The items sent, in the order's order.</summary>
    public IReadOnlyList<NewStoreOrderItem> Items { get; }

    public IReadOnlyList<NewStoreDiscountPlan> Discounts { get; }

    public IReadOnlyList<NewStoreChargePlan> Charges { get; }

    public long OrderAmount { get; }

    public long TotalOrderAmount { get; }

    public long TotalDiscountAmount { get; }

    public NewStoreLinePlan Line(NewStoreOrderItem item) => _lines[item.Id];

    /// <summary>Checks the order's arithmetic and computes its parts.</summary>
    /// <exception cref="NewStoreMappingException">Totals that disagree, sub-minor precision, an unknown currency, a duplicate item id.</exception>
    public static NewStoreSalePlan Build(NewStoreOrder order, string shopUuid, IReadOnlySet<string> excluded)
    {
        var currency = NewStoreMoney.CurrencyOf(order.Currency, $"NewStore order {order.Id}");
        var priceMethod = NewStoreMoney.PriceMethod(order);
        NewStoreMoney.CheckArithmetic(order, currency);

        var lines = new Dictionary<string, NewStoreLinePlan>(StringComparer.Ordinal);
        var items = new List<NewStoreOrderItem>();
        for (var i = 0; i < order.Items.Count; i++)
        {
            var item = order.Items[i];
            if (lines.ContainsKey(item.Id) || items.Any(x => x.Id == item.Id))
            {
                throw new NewStoreMappingException($"NewStore order {order.Id}: item id {item.Id} appears twice.");
            }

            if (excluded.Contains(item.Id))
            {
                continue;
            }

            if (item.Quantity <= 0)
            {
                throw new NewStoreMappingException($"NewStore order {order.Id}: items[{i}].quantity is {item.Quantity}; a sold item has a positive quantity.");
            }

            var price = NewStoreMoney.ToMinor(item.ListPrice, currency, $"items[{i}].list_price");
            var itemDiscount = NewStoreMoney.ToMinor(item.ItemDiscounts, currency, $"items[{i}].item_discounts");
            var orderDiscount = NewStoreMoney.ToMinor(item.OrderDiscounts, currency, $"items[{i}].order_discounts");
            var tax = priceMethod == NewStoreMoney.TaxExcluded ? NewStoreMoney.ToMinor(item.Tax, currency, $"items[{i}].tax") : 0;
            var total = MinorUnits.Extend(price, item.Quantity) - itemDiscount - orderDiscount;
            if (price < 0 || itemDiscount < 0 || orderDiscount < 0 || tax < 0 || total < 0)
            {
                throw new NewStoreMappingException(
                    $"NewStore order {order.Id}: items[{i}] ({item.Id}) has a negative amount (list_price {item.ListPrice}, item_discounts {item.ItemDiscounts}, order_discounts {item.OrderDiscounts}, tax {item.Tax}).");
            }

            lines[item.Id] = new NewStoreLinePlan(item.Id, item.Quantity, price, itemDiscount, orderDiscount, total, tax);
            items.Add(item);
        }

        return new NewStoreSalePlan(order, shopUuid, currency, priceMethod, items, lines, DiscountsOf(order, items, lines, currency), ChargesOf(order, priceMethod, lines, currency));
    }

    /// <summary>
    /// Item discounts: one <c>ORDER_LINES</c> discount over the lines that carry them. Order discounts (<c>discounts[]</c>,
    /// <c>coupon_code</c>): one per entry when their <c>price_adjustment</c>s add up exactly to the included lines'
    /// <c>order_discounts</c> (linked to the lines whose own discounts name the coupon, else every line that carries an
    /// order discount); otherwise one aggregate named after the coupon codes. Either way Σ discounts = Σ line discounts.
    /// </summary>
    private static List<NewStoreDiscountPlan> DiscountsOf(NewStoreOrder order, List<NewStoreOrderItem> items, Dictionary<string, NewStoreLinePlan> lines, Currency currency)
    {
        var result = new List<NewStoreDiscountPlan>();
        var itemDiscounted = items.Where(i => lines[i.Id].ItemDiscount > 0).Select(i => i.Id).ToList();
        if (itemDiscounted.Count > 0)
        {
            result.Add(new NewStoreDiscountPlan(NewStoreIds.ItemDiscounts(order.Id), "Item discounts", itemDiscounted.Sum(id => lines[id].ItemDiscount), itemDiscounted));
        }

        var orderDiscounted = items.Where(i => lines[i.Id].OrderDiscount > 0).Select(i => i.Id).ToList();
        var orderDiscountTotal = orderDiscounted.Sum(id => lines[id].OrderDiscount);
        if (orderDiscountTotal == 0)
        {
            return result;
        }

        var entries = (order.Discounts ?? []).Where(d => d.Level is null || d.Level.Equals("order", StringComparison.OrdinalIgnoreCase)).ToList();
        var adjustments = entries.Select((d, k) => d.PriceAdjustment is { } amount ? NewStoreMoney.ToMinor(Math.Abs(amount), currency, $"discounts[{k}].price_adjustment") : (long?)null).ToList();
        if (entries.Count > 0 && adjustments.All(a => a is > 0) && adjustments.Sum() == orderDiscountTotal)
        {
            for (var k = 0; k < entries.Count; k++)
            {
                var code = entries[k].CouponCode;
                var linked = code is null
                    ? []
                    : orderDiscounted.Where(id => items.First(i => i.Id == id).Discounts?.Any(d => d.CouponCode == code) == true).ToList();
                result.Add(new NewStoreDiscountPlan(NewStoreIds.OrderDiscount(order.Id, k), NameOf(code), adjustments[k]!.Value, linked.Count > 0 ? linked : orderDiscounted));
            }

            return result;
        }

        var codes = entries.Select(d => d.CouponCode).OfType<string>().Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        result.Add(new NewStoreDiscountPlan(NewStoreIds.OrderDiscount(order.Id, 0), codes.Count == 0 ? "Order discount" : NameOf(string.Join(", ", codes)), orderDiscountTotal, orderDiscounted));
        return result;
    }

    private static string NameOf(string? couponCode) => string.IsNullOrWhiteSpace(couponCode) ? "Order discount" : $"Coupon {couponCode}";

    /// <summary>
    /// Shipping → one <c>SHIPPING</c> charge (tax_excluded: shipping_total + shipping_tax; tax_included: shipping_total,
    /// which holds its tax). tax_excluded item tax → one <c>TAX</c> charge of the included items' tax. Shipping is kept
    /// while any item is sent.
    /// </summary>
    private static List<NewStoreChargePlan> ChargesOf(NewStoreOrder order, string priceMethod, Dictionary<string, NewStoreLinePlan> lines, Currency currency)
    {
        var charges = new List<NewStoreChargePlan>();
        var shipping = NewStoreMoney.ToMinor(order.ShippingTotal, currency, "shipping_total")
            + (priceMethod == NewStoreMoney.TaxExcluded ? NewStoreMoney.ToMinor(order.ShippingTax, currency, "shipping_tax") : 0);
        if (shipping < 0)
        {
            throw new NewStoreMappingException($"NewStore order {order.Id}: shipping of {NewStoreMoney.Major(shipping, currency)} is negative.");
        }

        if (shipping > 0 && lines.Count > 0)
        {
            charges.Add(new NewStoreChargePlan(NewStoreIds.Shipping(order.Id), "Shipping", shipping, LeatChargeDefinitions.Shipping));
        }

        var tax = lines.Values.Sum(l => l.Tax);
        if (tax > 0)
        {
            charges.Add(new NewStoreChargePlan(NewStoreIds.Tax(order.Id), "Tax", tax, LeatChargeDefinitions.Tax));
        }

        return charges;
    }
}
