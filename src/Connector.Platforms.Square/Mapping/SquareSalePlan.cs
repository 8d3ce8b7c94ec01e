using System.Globalization;
using Connector.Leat.Model;
using Connector.Leat.Money;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// Everything about a Square sale that needs the whole order to compute: which lines count, each (sub) line's
/// quantity, price, discount and total, the discounts with their links, the charges and the order totals. Built with
/// <see cref="SquareMoneyRules"/> before AutoMapper runs; the profile resolves each destination member from it by
/// source object, so the structure stays in the profile and the money in the tested functions.
/// </summary>
internal sealed class SquareSalePlan
{
    private readonly Dictionary<object, LinePlan> _lines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, IReadOnlyList<SquareOrderLineItemModifier>> _subLines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, DiscountPlan> _discounts = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, ChargePlan> _charges = new(ReferenceEqualityComparer.Instance);

    private SquareSalePlan(SquareOrder order, string orderId, string shopUuid, SquareMappingRules rules)
    {
        Order = order;
        OrderId = orderId;
        ShopUuid = shopUuid;
        Rules = rules;
    }

    public SquareOrder Order { get; }

    public string OrderId { get; }

    public string ShopUuid { get; }

    public SquareMappingRules Rules { get; }

    public string? Currency { get; private set; }

    public IReadOnlyList<SquareOrderLineItem> Lines { get; private set; } = [];

    public IReadOnlyList<SquareOrderLineItemDiscount> Discounts { get; private set; } = [];

    /// <summary>Service charges, then the TAX charge (charge rule), then the tip charge; as synthetic service charges keyed in the plan.</summary>
    public IReadOnlyList<SquareOrderServiceCharge> Charges { get; private set; } = [];

    public SquareOrderTotals Totals { get; private set; }

    public LinePlan Line(object source) => _lines[source];

    public IReadOnlyList<SquareOrderLineItemModifier> SubLinesOf(SquareOrderLineItem line) => _subLines[line];

    public DiscountPlan Discount(SquareOrderLineItemDiscount source) => _discounts[source];

    public ChargePlan Charge(SquareOrderServiceCharge source) => _charges[source];

    /// <summary>Computes the plan of <paramref name="order"/>; throws <see cref="SquareMappingException"/> naming the order and part when Square's amounts cannot be represented.</summary>
    public static SquareSalePlan Build(SquareOrder order, string shopUuid, SquareMappingRules rules)
    {
        var orderId = string.IsNullOrEmpty(order.Id) ? throw new SquareMappingException("A Square order without an id cannot be mapped.") : order.Id;
        var plan = new SquareSalePlan(order, orderId, shopUuid, rules);
        plan.Compute();
        return plan;
    }

    private void Compute()
    {
        Currency = CurrencyOf(Order);
        var discountsByUid = new Dictionary<string, SquareOrderLineItemDiscount>(StringComparer.Ordinal);
        foreach (var discount in Order.Discounts ?? [])
        {
            if (!string.IsNullOrEmpty(discount.Uid))
            {
                discountsByUid.TryAdd(discount.Uid, discount);
            }
        }

        var taxesByUid = (Order.Taxes ?? []).Where(t => !string.IsNullOrEmpty(t.Uid)).GroupBy(t => t.Uid!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        bool IsAdditive(string? taxUid) => taxUid is not null && taxesByUid.TryGetValue(taxUid, out var tax) && tax.Type == SquareTaxType.Additive;
        bool IsOrderScoped(string? discountUid) => discountUid is not null && discountsByUid.TryGetValue(discountUid, out var d) && d.Scope == SquareScope.Order;

        // Per discount uid: Σ applied over the kept lines, and which lines (and their discounted sub lines) it touches.
        var appliedByDiscount = new Dictionary<string, long>(StringComparer.Ordinal);
        var linesByDiscount = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var subLinesByDiscount = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var unknownDiscountUids = new List<string>();

        var lines = new List<SquareOrderLineItem>();
        long itemsTotal = 0, lineDiscounts = 0;
        var source = Order.LineItems ?? [];
        for (var i = 0; i < source.Count; i++)
        {
            var line = source[i];
            var quantity = Quantity(line.Quantity, $"line {line.Uid ?? i.ToString(CultureInfo.InvariantCulture)}");
            if (quantity <= 0)
            {
                // Square drops zero-quantity lines on completion; Leat refuses them.
                continue;
            }

            lines.Add(line);
            var lineUid = string.IsNullOrEmpty(line.Uid) ? "line-" + i.ToString(CultureInfo.InvariantCulture) : line.Uid;
            var lineId = SquareIds.Line(OrderId, lineUid);
            var price = line.BasePriceMoney?.Amount ?? 0;

            // The line's own discount: its applied discounts except ORDER-scope ones, which Square also spreads onto
            // every line (so total_discount_money counts them) but which Leat gets once, as an ORDER discount.
            long ownDiscount = 0;
            var ownDiscountUids = new List<string>();
            foreach (var applied in line.AppliedDiscounts ?? [])
            {
                var amount = applied.AppliedMoney?.Amount ?? 0;
                if (string.IsNullOrEmpty(applied.DiscountUid) || amount == 0)
                {
                    continue;
                }

                if (!discountsByUid.ContainsKey(applied.DiscountUid) && !unknownDiscountUids.Contains(applied.DiscountUid))
                {
                    unknownDiscountUids.Add(applied.DiscountUid);
                }

                appliedByDiscount[applied.DiscountUid] = appliedByDiscount.GetValueOrDefault(applied.DiscountUid) + amount;
                if (!IsOrderScoped(applied.DiscountUid))
                {
                    ownDiscount += amount;
                    ownDiscountUids.Add(applied.DiscountUid);
                    Add(linesByDiscount, applied.DiscountUid, lineId);
                }
            }

            var modifiers = new List<SquareOrderLineItemModifier>();
            var modifierPlans = new List<(SquareOrderLineItemModifier Modifier, string Id, decimal Quantity, long Price)>();
            var modifierSource = line.Modifiers ?? [];
            for (var m = 0; m < modifierSource.Count; m++)
            {
                var modifier = modifierSource[m];
                var perUnit = modifier.Quantity is null ? 1m : Quantity(modifier.Quantity, $"modifier {modifier.Uid} of line {lineUid}");
                var modifierQuantity = SquareMoneyRules.ModifierQuantity(perUnit, quantity);
                if (modifierQuantity <= 0)
                {
                    continue;
                }

                var modifierUid = string.IsNullOrEmpty(modifier.Uid) ? "modifier-" + m.ToString(CultureInfo.InvariantCulture) : modifier.Uid;
                modifierPlans.Add((modifier, SquareIds.Modifier(OrderId, lineUid, modifierUid), modifierQuantity, modifier.BasePriceMoney?.Amount ?? 0));
            }

            var grosses = new List<long> { MinorUnits.Extend(price, quantity) };
            grosses.AddRange(modifierPlans.Select(p => MinorUnits.Extend(p.Price, p.Quantity)));
            long[] shares;
            try
            {
                shares = SquareMoneyRules.SplitLineDiscount(ownDiscount, grosses);
            }
            catch (ArgumentException e)
            {
                throw new SquareMappingException($"Square order {OrderId}, line {lineUid}: {e.Message}");
            }

            var linePlan = new LinePlan(lineId, quantity, price, shares[0], SquareMoneyRules.LineTotal(price, quantity, shares[0]));
            _lines[line] = linePlan;
            itemsTotal += linePlan.Total;
            lineDiscounts += shares[0];

            for (var m = 0; m < modifierPlans.Count; m++)
            {
                var (modifier, id, modifierQuantity, modifierPrice) = modifierPlans[m];
                var share = shares[m + 1];
                var subPlan = new LinePlan(id, modifierQuantity, modifierPrice, share, SquareMoneyRules.LineTotal(modifierPrice, modifierQuantity, share));
                _lines[modifier] = subPlan;
                modifiers.Add(modifier);
                itemsTotal += subPlan.Total;
                lineDiscounts += share;
                if (share > 0)
                {
                    foreach (var uid in ownDiscountUids)
                    {
                        Add(subLinesByDiscount, uid, id);
                    }
                }
            }

            if (Rules.TaxRule == SquareTaxRule.Fold)
            {
                var lineTax = (line.AppliedTaxes ?? []).Where(t => IsAdditive(t.TaxUid)).Sum(t => t.AppliedMoney?.Amount ?? 0);
                if (lineTax > 0)
                {
                    // The fold rule: a line's additive tax rides along as a sub line item of one unit, so it counts
                    // with the product in Leat while price × quantity stays exact (tax ÷ quantity rarely is).
                    var taxLine = new SquareOrderLineItemModifier { Uid = "tax", Name = Rules.TaxChargeName, Quantity = "1" };
                    var taxPlan = new LinePlan(SquareIds.LineTax(OrderId, lineUid), 1m, lineTax, 0, lineTax);
                    _lines[taxLine] = taxPlan;
                    modifiers.Add(taxLine);
                    itemsTotal += lineTax;
                }
            }

            _subLines[line] = modifiers;
        }

        Lines = lines;

        var discounts = new List<SquareOrderLineItemDiscount>();
        long orderDiscounts = 0, allDiscounts = 0;
        var candidates = (Order.Discounts ?? []).Concat(unknownDiscountUids.Select(uid => new SquareOrderLineItemDiscount { Uid = uid, Name = "Discount", Scope = SquareScope.LineItem }));
        foreach (var discount in candidates)
        {
            if (string.IsNullOrEmpty(discount.Uid))
            {
                continue;
            }

            var orderScoped = discount.Scope == SquareScope.Order;
            var amount = appliedByDiscount.TryGetValue(discount.Uid, out var applied)
                ? applied
                : orderScoped ? discount.AppliedMoney?.Amount ?? 0 : 0;
            if (amount <= 0 || _discounts.Values.Any(d => d.ExternalId == SquareIds.Discount(OrderId, discount.Uid)))
            {
                continue;
            }

            var (type, value) = SquareMoneyRules.DiscountKind(discount.Type, discount.Percentage, discount.AmountMoney?.Amount);
            _discounts[discount] = new DiscountPlan(
                SquareIds.Discount(OrderId, discount.Uid),
                string.IsNullOrWhiteSpace(discount.Name) ? "Discount" : discount.Name,
                amount,
                type,
                value,
                orderScoped ? LeatAppliedTo.Order : LeatAppliedTo.OrderLines,
                orderScoped ? [] : linesByDiscount.GetValueOrDefault(discount.Uid) ?? [],
                orderScoped ? [] : subLinesByDiscount.GetValueOrDefault(discount.Uid) ?? []);
            discounts.Add(discount);
            allDiscounts += amount;
            if (orderScoped)
            {
                orderDiscounts += amount;
            }
        }

        Discounts = discounts;

        var charges = new List<SquareOrderServiceCharge>();
        long chargesTotal = 0;
        void AddCharge(SquareOrderServiceCharge key, ChargePlan charge)
        {
            if (charge.Amount > 0)
            {
                _charges[key] = charge;
                charges.Add(key);
                chargesTotal += charge.Amount;
            }
        }

        foreach (var serviceCharge in Order.ServiceCharges ?? [])
        {
            var uid = serviceCharge.Uid ?? serviceCharge.Name ?? "service-charge";
            AddCharge(serviceCharge, new ChargePlan(
                SquareIds.ServiceCharge(OrderId, uid),
                string.IsNullOrWhiteSpace(serviceCharge.Name) ? "Service charge" : serviceCharge.Name,
                ServiceChargeAmount(serviceCharge.AppliedMoney, serviceCharge.AmountMoney, serviceCharge.TotalMoney, Rules.TaxRule),
                Rules.ChargeDefinitionFor(serviceCharge.Name, serviceCharge.Type)));
        }

        if (Rules.TaxRule == SquareTaxRule.Charge)
        {
            var additive = (Order.Taxes ?? []).Where(t => t.Type == SquareTaxType.Additive).ToList();
            var tax = additive.Sum(t => t.AppliedMoney?.Amount ?? AppliedTaxOf(t.Uid));
            AddCharge(
                new SquareOrderServiceCharge { Uid = "tax", Name = Rules.TaxChargeName },
                new ChargePlan(SquareIds.Tax(OrderId), Rules.TaxChargeName, tax, LeatChargeDefinitions.Tax));
        }

        var tip = Order.TotalTipMoney?.Amount is > 0 and var total ? total : (Order.Tenders ?? []).Sum(t => t.TipMoney?.Amount ?? 0);
        AddCharge(
            new SquareOrderServiceCharge { Uid = "tip", Name = Rules.TipChargeName },
            new ChargePlan(SquareIds.Tip(OrderId), Rules.TipChargeName, tip, LeatChargeDefinitions.Gratuity));

        Charges = charges;
        Totals = SquareMoneyRules.OrderTotals(itemsTotal, orderDiscounts, allDiscounts - orderDiscounts, chargesTotal);
    }

    /// <summary>
    /// A service charge's amount: under the charge rule what Square applied (inclusive tax inside, additive tax goes to
    /// the TAX charge); under the fold rule its total with its additive tax.
    /// </summary>
    internal static long ServiceChargeAmount(SquareMoney? applied, SquareMoney? declared, SquareMoney? total, SquareTaxRule rule) =>
        rule == SquareTaxRule.Fold && total?.Amount is { } withTax ? withTax : applied?.Amount ?? declared?.Amount ?? 0;

    internal static decimal Quantity(string? text, string what)
    {
        try
        {
            // Square pads measured quantities ("1.50000"); dividing by 1.000… drops the trailing zeros Leat would echo.
            return SquareQuantity.Parse(text) / 1.000000000000000000000000000000000m;
        }
        catch (FormatException e)
        {
            throw new SquareMappingException($"{what}: {e.Message}");
        }
    }

    internal static string? CurrencyOf(SquareOrder order) =>
        order.TotalMoney?.Currency
        ?? (order.LineItems ?? []).Select(l => l.BasePriceMoney?.Currency).FirstOrDefault(c => c is not null)
        ?? (order.Returns ?? []).SelectMany(r => r.ReturnLineItems ?? []).Select(l => l.BasePriceMoney?.Currency ?? l.TotalMoney?.Currency).FirstOrDefault(c => c is not null)
        ?? order.ReturnAmounts?.TotalMoney?.Currency;

    private long AppliedTaxOf(string? taxUid) =>
        (Order.LineItems ?? []).SelectMany(l => l.AppliedTaxes ?? []).Concat((Order.ServiceCharges ?? []).SelectMany(s => s.AppliedTaxes ?? []))
            .Where(t => t.TaxUid == taxUid).Sum(t => t.AppliedMoney?.Amount ?? 0);

    private static void Add(Dictionary<string, List<string>> map, string key, string value)
    {
        if (!map.TryGetValue(key, out var list))
        {
            map[key] = list = [];
        }

        if (!list.Contains(value))
        {
            list.Add(value);
        }
    }
}
