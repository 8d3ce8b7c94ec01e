using Connector.Leat.Model;
using Connector.Leat.Money;
using Connector.Platforms.Square.Model;

namespace Connector.Platforms.Square.Mapping;

/// <summary>
/// The computed money of one Square <c>returns[]</c> entry, by the sale's rules: returned lines by their sale
/// identifiers with the returned quantity at the sale's price minus the line's own returned discount, returned
/// modifiers as sub lines, returned discounts, service charges, taxes and tips against the sale's applied discounts
/// and charges, and amount-only refunds spread over the sale's parts. The return profile reads every amount from here.
/// </summary>
internal sealed class SquareReturnPlan
{
    private readonly Dictionary<object, LinePlan> _lines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, List<SquareOrderReturnLineItemModifier>> _subLines = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<object, (string ExternalId, long Amount)> _parts = new(ReferenceEqualityComparer.Instance);
    private readonly List<SquareOrderReturnLineItem> _lineOrder = [];
    private readonly List<SquareOrderReturnDiscount> _discounts = [];
    private readonly List<SquareOrderReturnServiceCharge> _charges = [];

    private readonly bool _withSpread;

    private SquareReturnPlan(
        string returnOrderId, SquareOrderReturn entry, string saleOrderId, SquareOrder? sale, LeatOrderRequest? mappedSale, SquareMappingRules rules, bool withSpread)
    {
        _withSpread = withSpread;
        ReturnOrderId = returnOrderId;
        Entry = entry;
        SaleOrderId = saleOrderId;
        Sale = sale;
        MappedSale = mappedSale;
        Rules = rules;
    }

    public string ReturnOrderId { get; }

    public SquareOrderReturn Entry { get; }

    public string SaleOrderId { get; }

    public SquareOrder? Sale { get; }

    public LeatOrderRequest? MappedSale { get; }

    public SquareMappingRules Rules { get; }

    public string ExternalId => SquareIds.Return(ReturnOrderId, Entry.Uid, SaleOrderId);

    /// <summary>
    /// The amount refunded without items (custom-amount return lines, or <c>return_amounts</c> when nothing is itemized);
    /// 0 when none. The plan spreads it as on a fresh sale (the preview); the dispatcher spreads it again over what remains.
    /// </summary>
    public long SpreadAmount { get; private set; }

    public IReadOnlyList<SquareOrderReturnLineItem> Lines => _lineOrder.Where(l => _lines[l] is var p && (p.Quantity > 0 || p.Total > 0 || _subLines[l].Count > 0)).ToList();

    public IReadOnlyList<SquareOrderReturnDiscount> Discounts => _discounts.Where(d => _parts[d].Amount > 0).ToList();

    public IReadOnlyList<SquareOrderReturnServiceCharge> Charges => _charges.Where(c => _parts[c].Amount > 0).ToList();

    /// <summary>True when nothing with a quantity or amount is returned.</summary>
    public bool IsEmpty => Lines.Count == 0 && Discounts.Count == 0 && Charges.Count == 0;

    public LinePlan Line(object source) => _lines[source];

    public IReadOnlyList<SquareOrderReturnLineItemModifier> SubLinesOf(SquareOrderReturnLineItem line) => _subLines[line];

    public (string ExternalId, long Amount) Part(object source) => _parts[source];

    /// <summary>
    /// Computes the plan; <paramref name="mappedSale"/> is the sale as sent to Leat (needed to spread amount-only refunds and
    /// to apportion an omitted tax). Without <paramref name="withSpread"/> the amount-only part is counted in
    /// <see cref="SpreadAmount"/> but not spread: the itemized part alone.
    /// </summary>
    public static SquareReturnPlan Build(
        string returnOrderId, SquareOrderReturn entry, string saleOrderId, SquareOrder? sale, LeatOrderRequest? mappedSale, SquareMappingRules rules,
        bool withSpread = true)
    {
        var plan = new SquareReturnPlan(returnOrderId, entry, saleOrderId, sale, mappedSale, rules, withSpread);
        plan.Compute();
        return plan;
    }

    private void Compute()
    {
        var returnDiscounts = Entry.ReturnDiscounts ?? [];
        var returnTaxes = Entry.ReturnTaxes ?? [];
        var saleDiscounts = (Sale?.Discounts ?? []).Where(d => d.Uid is not null).GroupBy(d => d.Uid!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var saleTaxes = (Sale?.Taxes ?? []).Where(t => t.Uid is not null).GroupBy(t => t.Uid!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var saleLines = (Sale?.LineItems ?? []).Where(l => l.Uid is not null).GroupBy(l => l.Uid!).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);

        string? ScopeOf(SquareOrderReturnDiscount d) =>
            d.Scope ?? (d.SourceDiscountUid is not null && saleDiscounts.TryGetValue(d.SourceDiscountUid, out var s) ? s.Scope : null);
        bool IsAdditive(SquareOrderReturnTax t) =>
            (t.Type ?? (t.SourceTaxUid is not null && saleTaxes.TryGetValue(t.SourceTaxUid, out var s) ? s.Type : null)) == SquareTaxType.Additive;

        var orderScopedUids = returnDiscounts.Where(d => d.Uid is not null && ScopeOf(d) == SquareScope.Order).Select(d => d.Uid!).ToHashSet(StringComparer.Ordinal);
        var additiveTaxUids = returnTaxes.Where(t => t.Uid is not null && IsAdditive(t)).Select(t => t.Uid!).ToHashSet(StringComparer.Ordinal);

        // Square omits return_taxes at times although it refunded the additive tax; the tax then comes from the returned
        // lines themselves (see ReturnedLineTax), by one rule for the TAX charge and for the fold rule.
        var taxOmitted = returnTaxes.Count == 0 && (Sale?.Taxes ?? []).Any(t => t.Type == SquareTaxType.Additive);
        var saleLineTax = taxOmitted ? SaleLineAdditiveTax(saleTaxes) : [];
        long omittedTax = 0;

        long amountOnly = 0;
        foreach (var line in Entry.ReturnLineItems ?? [])
        {
            var quantity = SquareSalePlan.Quantity(line.Quantity, $"Square return order {ReturnOrderId}, return line {line.Uid}");
            if (string.IsNullOrEmpty(line.SourceLineItemUid))
            {
                // A custom-amount refund line: no sale line to point at, so its money is spread over the sale below.
                amountOnly += line.TotalMoney?.Amount ?? MinorUnits.Extend(line.BasePriceMoney?.Amount ?? 0, quantity);
                continue;
            }

            if (quantity <= 0)
            {
                continue;
            }

            var sourceUid = line.SourceLineItemUid;
            var price = line.BasePriceMoney?.Amount ?? (saleLines.TryGetValue(sourceUid, out var saleLine) ? saleLine.BasePriceMoney?.Amount : null) ?? 0;
            var ownDiscount = (line.AppliedDiscounts ?? [])
                .Where(a => a.DiscountUid is null || !orderScopedUids.Contains(a.DiscountUid))
                .Sum(a => a.AppliedMoney?.Amount ?? 0);

            var modifiers = new List<(SquareOrderReturnLineItemModifier Modifier, string Id, decimal Quantity, long Price)>();
            foreach (var modifier in line.ReturnModifiers ?? [])
            {
                var perUnit = modifier.Quantity is null ? 1m : SquareSalePlan.Quantity(modifier.Quantity, $"Square return order {ReturnOrderId}, modifier {modifier.Uid}");
                var modifierQuantity = SquareMoneyRules.ModifierQuantity(perUnit, quantity);
                if (modifierQuantity > 0)
                {
                    var modifierUid = modifier.SourceModifierUid ?? modifier.Uid ?? "modifier";
                    modifiers.Add((modifier, SquareIds.Modifier(SaleOrderId, sourceUid, modifierUid), modifierQuantity, modifier.BasePriceMoney?.Amount ?? 0));
                }
            }

            var grosses = new List<long> { MinorUnits.Extend(price, quantity) };
            grosses.AddRange(modifiers.Select(m => MinorUnits.Extend(m.Price, m.Quantity)));
            // A return is what Square refunded; a discount larger than the returned gross is cut rather than refused.
            var shares = SquareMoneyRules.SplitLineDiscount(Math.Clamp(ownDiscount, 0, grosses.Sum()), grosses);

            _lines[line] = new LinePlan(
                SquareIds.Line(SaleOrderId, sourceUid), quantity, price, shares[0], SquareMoneyRules.ReturnLineTotal(price, quantity, shares[0]));
            _lineOrder.Add(line);
            var subLines = new List<SquareOrderReturnLineItemModifier>();
            for (var m = 0; m < modifiers.Count; m++)
            {
                var (modifier, id, modifierQuantity, modifierPrice) = modifiers[m];
                _lines[modifier] = new LinePlan(id, modifierQuantity, modifierPrice, shares[m + 1], SquareMoneyRules.ReturnLineTotal(modifierPrice, modifierQuantity, shares[m + 1]));
                subLines.Add(modifier);
            }

            var lineTax = 0L;
            if (taxOmitted)
            {
                var returnedBase = _lines[line].Total + modifiers.Sum(m => _lines[m.Modifier].Total);
                lineTax = ReturnedLineTax(line, sourceUid, quantity, returnedBase, saleTaxes, saleLines, saleLineTax);
                omittedTax += lineTax;
            }

            if (Rules.TaxRule == SquareTaxRule.Fold)
            {
                var tax = taxOmitted
                    // Only onto a tax sub line the sale had: Leat refuses a return naming a part its order lacks.
                    ? MappedSaleHasSubLine(SquareIds.Line(SaleOrderId, sourceUid), SquareIds.LineTax(SaleOrderId, sourceUid)) ? lineTax : 0
                    : (line.AppliedTaxes ?? []).Where(t => t.TaxUid is not null && additiveTaxUids.Contains(t.TaxUid)).Sum(t => t.AppliedMoney?.Amount ?? 0);
                if (tax > 0)
                {
                    // The sale carried this tax as a one-unit sub line; the return gives back an amount of it.
                    var taxLine = new SquareOrderReturnLineItemModifier { Uid = "tax", Name = Rules.TaxChargeName, Quantity = "0" };
                    _lines[taxLine] = new LinePlan(SquareIds.LineTax(SaleOrderId, sourceUid), 0m, 0, 0, tax);
                    subLines.Add(taxLine);
                }
            }

            _subLines[line] = subLines;
        }

        foreach (var discount in returnDiscounts)
        {
            var uid = discount.SourceDiscountUid ?? discount.Uid;
            if (uid is not null)
            {
                AddPart(_discounts, discount, SquareIds.Discount(SaleOrderId, uid), discount.AppliedMoney?.Amount ?? 0);
            }
        }

        foreach (var serviceCharge in Entry.ReturnServiceCharges ?? [])
        {
            var uid = serviceCharge.SourceServiceChargeUid ?? serviceCharge.Uid;
            if (uid is not null)
            {
                AddPart(_charges, serviceCharge, SquareIds.ServiceCharge(SaleOrderId, uid),
                    SquareSalePlan.ServiceChargeAmount(serviceCharge.AppliedMoney, serviceCharge.AmountMoney, serviceCharge.TotalMoney, Rules.TaxRule));
            }

            if (taxOmitted && serviceCharge is { TotalMoney.Amount: { } total, AppliedMoney.Amount: { } applied })
            {
                // A service charge's additive tax is total − applied (applied holds any inclusive tax): exactly what the
                // fold rule keeps inside the charge, so the charge rule gives the same amount back on the TAX charge.
                omittedTax += Math.Max(0, total - applied);
            }
        }

        if (Rules.TaxRule == SquareTaxRule.Charge)
        {
            var tax = omittedTax + returnTaxes.Where(IsAdditive).Sum(t => t.AppliedMoney?.Amount
                ?? (Entry.ReturnLineItems ?? []).SelectMany(l => l.AppliedTaxes ?? []).Where(a => a.TaxUid == t.Uid).Sum(a => a.AppliedMoney?.Amount ?? 0));
            AddPart(_charges, new SquareOrderReturnServiceCharge { Uid = "tax" }, SquareIds.Tax(SaleOrderId), tax);
        }

        var tips = (Entry.ReturnTips ?? []).Sum(t => t.AppliedMoney?.Amount ?? 0);
        AddPart(_charges, new SquareOrderReturnServiceCharge { Uid = "tip" }, SquareIds.Tip(SaleOrderId), tips);

        var nothingItemized = Entry.ReturnLineItems is not { Count: > 0 } && Entry.ReturnServiceCharges is not { Count: > 0 } && Entry.ReturnTips is not { Count: > 0 };
        if (nothingItemized)
        {
            amountOnly += Entry.ReturnAmounts?.TotalMoney?.Amount ?? 0;
        }

        SpreadAmount = amountOnly;
        if (amountOnly > 0 && _withSpread)
        {
            Spread(amountOnly);
        }
    }

    /// <summary>
    /// Spreads an amount-only refund over the sale's (sub) lines and charges in proportion to what each has left once this
    /// return's itemized part is taken (<see cref="SquareMoneyRules.SpreadRefund"/>), adding to any part this return already
    /// gives back itemized. This is the preview for a sale nothing came back from before; the dispatcher finishes the spread
    /// by the same rule, in the same order, over what the ledger says remains (<c>ReturnDispatch.SpreadAmount</c>).
    /// </summary>
    private void Spread(long amount)
    {
        if (MappedSale is null)
        {
            throw new SquareMappingException(
                $"Square return {Entry.Uid ?? "(no uid)"} on order {ReturnOrderId} refunds an amount of {amount} without items; spreading it needs sale {SaleOrderId}, which was not found.");
        }

        var targets = new List<(string Id, string? ParentId, bool IsCharge, long Sold)>();
        foreach (var line in MappedSale.LineItems)
        {
            targets.Add((line.ExternalIdentifier, null, false, line.TotalAmount));
            targets.AddRange((line.SubLineItems ?? []).Select(s => (s.ExternalIdentifier, (string?)line.ExternalIdentifier, false, s.TotalAmount)));
        }

        targets.AddRange((MappedSale.Charges ?? []).Select(c => (c.ExternalIdentifier, (string?)null, true, c.TotalAmount)));
        var itemized = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var plan in _lines.Values)
        {
            itemized[plan.ExternalId] = itemized.GetValueOrDefault(plan.ExternalId) + plan.Total;
        }

        foreach (var (id, taken) in _parts.Values)
        {
            itemized[id] = itemized.GetValueOrDefault(id) + taken;
        }

        var shares = SquareMoneyRules.SpreadRefund(amount, targets.Select(t => Math.Max(0, t.Sold - itemized.GetValueOrDefault(t.Id))).ToList());
        for (var i = 0; i < targets.Count; i++)
        {
            var (id, parentId, isCharge, _) = targets[i];
            if (shares[i] == 0)
            {
                continue;
            }

            if (isCharge)
            {
                var existing = _charges.FirstOrDefault(c => _parts[c].ExternalId == id);
                if (existing is null)
                {
                    AddPart(_charges, new SquareOrderReturnServiceCharge(), id, shares[i]);
                }
                else
                {
                    _parts[existing] = (id, _parts[existing].Amount + shares[i]);
                }

                continue;
            }

            var parent = LineFor(parentId ?? id);
            if (parentId is null)
            {
                _lines[parent] = _lines[parent] with { Total = _lines[parent].Total + shares[i] };
                continue;
            }

            var sub = _subLines[parent].FirstOrDefault(s => _lines[s].ExternalId == id);
            if (sub is null)
            {
                sub = new SquareOrderReturnLineItemModifier();
                _lines[sub] = new LinePlan(id, 0m, 0, 0, 0);
                _subLines[parent].Add(sub);
            }

            _lines[sub] = _lines[sub] with { Total = _lines[sub].Total + shares[i] };
        }
    }

    /// <summary>
    /// The additive tax a returned line gives back when the return omits <c>return_taxes</c>:
    /// <list type="number">
    /// <item>Σ <c>applied_money</c> of its <c>applied_taxes</c> that name an ADDITIVE tax of the sale, when any do;</item>
    /// <item>else, when every tax on the sale line is ADDITIVE (so no inclusive tax is mixed in), what Square gives for the
    /// line: <c>total_tax_money</c>, else Σ <c>applied_taxes</c> <c>applied_money</c>;</item>
    /// <item>else the sale line's additive tax apportioned by the returned share of the line's base
    /// (<see cref="SquareMoneyRules.ReturnedTaxShare"/>).</item>
    /// </list>
    /// </summary>
    private long ReturnedLineTax(
        SquareOrderReturnLineItem line, string sourceUid, decimal quantity, long returnedBase,
        Dictionary<string, SquareOrderLineItemTax> saleTaxes, Dictionary<string, SquareOrderLineItem> saleLines, Dictionary<string, long> saleLineTax)
    {
        bool IsAdditiveUid(string? uid) => uid is not null && saleTaxes.TryGetValue(uid, out var t) && t.Type == SquareTaxType.Additive;

        var named = (line.AppliedTaxes ?? []).Where(a => IsAdditiveUid(a.TaxUid) && a.AppliedMoney?.Amount is not null).ToList();
        if (named.Count > 0)
        {
            return Math.Max(0, named.Sum(a => a.AppliedMoney!.Amount!.Value));
        }

        saleLines.TryGetValue(sourceUid, out var saleLine);
        var saleLineTaxes = (saleLine?.AppliedTaxes ?? []).Where(a => a.TaxUid is not null).ToList();
        var allAdditive = saleLineTaxes.Count > 0
            ? saleLineTaxes.All(a => IsAdditiveUid(a.TaxUid))
            : (Sale?.Taxes ?? []).All(t => t.Type == SquareTaxType.Additive);
        if (allAdditive)
        {
            var given = line.TotalTaxMoney?.Amount
                ?? (line.AppliedTaxes is { Count: > 0 } applied && applied.Any(a => a.AppliedMoney?.Amount is not null) ? applied.Sum(a => a.AppliedMoney?.Amount ?? 0) : null);
            if (given is { } amount)
            {
                return Math.Max(0, amount);
            }
        }

        var saleLineId = SquareIds.Line(SaleOrderId, sourceUid);
        var soldQuantity = saleLine is null ? 0m : SquareSalePlan.Quantity(saleLine.Quantity, $"Square order {SaleOrderId}, line {sourceUid}");
        return SquareMoneyRules.ReturnedTaxShare(saleLineTax.GetValueOrDefault(sourceUid), returnedBase, SaleLineBase(saleLineId, sourceUid), quantity, soldQuantity);
    }

    /// <summary>
    /// Each sale line's additive tax by its uid: Σ its ADDITIVE <c>applied_taxes</c>; when no line lists any, the sale's
    /// additive tax apportioned over its lines by their base (largest remainder, so the lines sum to the sale's tax).
    /// </summary>
    private Dictionary<string, long> SaleLineAdditiveTax(Dictionary<string, SquareOrderLineItemTax> saleTaxes)
    {
        var byLine = new Dictionary<string, long>(StringComparer.Ordinal);
        var lines = (Sale?.LineItems ?? []).Where(l => !string.IsNullOrEmpty(l.Uid)).ToList();
        foreach (var line in lines)
        {
            byLine[line.Uid!] = (line.AppliedTaxes ?? [])
                .Where(a => a.TaxUid is not null && saleTaxes.TryGetValue(a.TaxUid, out var t) && t.Type == SquareTaxType.Additive)
                .Sum(a => a.AppliedMoney?.Amount ?? 0);
        }

        if (byLine.Values.All(v => v == 0))
        {
            var saleTax = (Sale?.Taxes ?? []).Where(t => t.Type == SquareTaxType.Additive).Sum(t => t.AppliedMoney?.Amount ?? 0);
            var bases = lines.Select(l => SaleLineBase(SquareIds.Line(SaleOrderId, l.Uid!), l.Uid!)).ToList();
            if (saleTax > 0 && bases.Sum() > 0)
            {
                var shares = Apportion.LargestRemainder(saleTax, bases);
                for (var i = 0; i < lines.Count; i++)
                {
                    byLine[lines[i].Uid!] = shares[i];
                }
            }
        }

        return byLine;
    }

    /// <summary>A sale line's taxable base as sent to Leat: its total plus its sub lines' except the folded tax.</summary>
    private long SaleLineBase(string lineId, string lineUid)
    {
        var line = MappedSale?.LineItems.FirstOrDefault(l => l.ExternalIdentifier == lineId);
        var taxId = SquareIds.LineTax(SaleOrderId, lineUid);
        return line is null ? 0 : line.TotalAmount + (line.SubLineItems ?? []).Where(s => s.ExternalIdentifier != taxId).Sum(s => s.TotalAmount);
    }

    private bool MappedSaleHasSubLine(string lineId, string subLineId) =>
        MappedSale?.LineItems.FirstOrDefault(l => l.ExternalIdentifier == lineId)?.SubLineItems?.Any(s => s.ExternalIdentifier == subLineId) == true;

    private SquareOrderReturnLineItem LineFor(string externalId)
    {
        var line = _lineOrder.FirstOrDefault(l => _lines[l].ExternalId == externalId);
        if (line is null)
        {
            // An amount refunded on a line nothing of which comes back: quantity 0 with an amount, as Leat allows.
            line = new SquareOrderReturnLineItem { Quantity = "0" };
            _lines[line] = new LinePlan(externalId, 0m, 0, 0, 0);
            _subLines[line] = [];
            _lineOrder.Add(line);
        }

        return line;
    }

    private void AddPart<T>(List<T> list, T key, string externalId, long amount)
        where T : class
    {
        var existing = list.FirstOrDefault(p => _parts[p].ExternalId == externalId);
        if (existing is not null)
        {
            _parts[existing] = (externalId, _parts[existing].Amount + amount);
            return;
        }

        _parts[key] = (externalId, amount);
        list.Add(key);
    }
}
