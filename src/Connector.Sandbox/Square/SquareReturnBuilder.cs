using System.Globalization;
using System.Text.Json.Nodes;
using static Connector.Sandbox.Square.SquareJson;

namespace Connector.Sandbox.Square;

/// <summary>
/// Prices one <c>returns[]</c> entry of a return order against its sale, the way Square links them: return lines
/// name the sale line (<c>source_line_item_uid</c>), their modifiers the sale modifier (<c>source_modifier_uid</c>),
/// and the discounts, taxes and service charges they carry point at the entry's <c>return_discounts</c>,
/// <c>return_taxes</c> and <c>return_service_charges</c>, which in turn name the sale's (<c>source_*_uid</c>).
/// Money is the sale line's pro rata share (half to even), and the last units return exactly what is left.
/// </summary>
internal sealed class SquareReturnBuilder
{
    private readonly JsonObject? _sale;
    private readonly SquareReturnLedger _ledger;
    private readonly Func<string> _newUid;
    private readonly string _currency;
    private readonly Dictionary<string, (string Uid, long Amount)> _taxes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Uid, long Amount)> _discounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Uid, long Amount)> _charges = new(StringComparer.Ordinal);

    private SquareReturnBuilder(JsonObject? sale, SquareReturnLedger ledger, Func<string> newUid, string currency)
    {
        _sale = sale;
        _ledger = ledger;
        _newUid = newUid;
        _currency = currency;
    }

    /// <summary>The priced entry and the ledger delta to commit once the return is stored.</summary>
    public static (JsonObject Entry, SquareReturnLedger Delta) Build(JsonObject? sale, SquareReturnLedger ledger, ReturnSpec spec, Func<string> newUid)
    {
        var currency = sale?["total_money"]?["currency"]?.GetValue<string>() ?? spec.Currency;
        var builder = new SquareReturnBuilder(sale, ledger, newUid, currency);
        return builder.BuildEntry(spec);
    }

    private (JsonObject, SquareReturnLedger) BuildEntry(ReturnSpec spec)
    {
        var delta = new SquareReturnLedger();
        var lines = new JsonArray();
        long total = 0, tax = 0, discount = 0, serviceCharge = 0;
        foreach (var lineSpec in spec.Lines)
        {
            var line = _sale is null ? Unlinked(lineSpec) : Linked(lineSpec, delta);
            lines.Add(line);
            total += Amount(line["total_money"]);
            tax += Amount(line["total_tax_money"]);
            discount += Amount(line["total_discount_money"]);
            serviceCharge += Amount(line["total_service_charge_money"]);
        }

        if (spec.CustomAmount is { } custom)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(custom, nameof(spec));
            lines.Add(new JsonObject
            {
                ["uid"] = _newUid(),
                ["name"] = "Custom Amount",
                ["quantity"] = "1",
                ["item_type"] = "CUSTOM_AMOUNT",
                ["base_price_money"] = Money(custom, _currency),
                ["variation_total_price_money"] = Money(custom, _currency),
                ["gross_return_money"] = Money(custom, _currency),
                ["total_tax_money"] = Money(0, _currency),
                ["total_discount_money"] = Money(0, _currency),
                ["total_service_charge_money"] = Money(0, _currency),
                ["total_money"] = Money(custom, _currency),
            });
            total += custom;
        }

        // Apportioned charges come back inside the lines' totals; the entry still lists them so lines can point at them.
        var returnCharges = new JsonArray(_charges.Select(c => (JsonNode)ApportionedCharge(c.Key, c.Value.Uid, c.Value.Amount)).ToArray());
        foreach (var uid in spec.ServiceChargeUids)
        {
            var charge = ReturnServiceCharge(uid, delta);
            returnCharges.Add(charge);
            total += Amount(charge["total_money"]);
            tax += Amount(charge["total_tax_money"]);
            serviceCharge += Amount(charge["applied_money"]);
        }

        var tips = new JsonArray();
        var tip = 0L;
        if (spec.Tip > 0 && _sale is not null)
        {
            tip = Math.Min(spec.Tip, Amount(_sale["total_tip_money"]) - _ledger.Tip);
            if (tip > 0)
            {
                var tender = _sale["tenders"]![0]!;
                tips.Add(new JsonObject
                {
                    ["uid"] = _newUid(),
                    ["applied_money"] = Money(tip, _currency),
                    ["source_tender_uid"] = tender["uid"]!.GetValue<string>(),
                    ["source_tender_id"] = tender["id"]!.GetValue<string>(),
                });
                delta.AddTip(tip);
                total += tip;
            }
        }

        if (spec.AmountWithoutLines is { } amountOnly)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amountOnly, nameof(spec));
            total += amountOnly;
        }

        if (total <= 0)
        {
            throw new ArgumentException("A return must return something: lines, a custom amount, an amount, a tip or a service charge.", nameof(spec));
        }

        if (_sale is not null && _ledger.Total + total > Amount(_sale["total_money"]))
        {
            throw new InvalidOperationException(
                $"Returning {total} would refund more than the sale's {Amount(_sale["total_money"])} ({_ledger.Total} already returned).");
        }

        delta.AddTotal(total);
        var entry = new JsonObject { ["uid"] = _newUid() };
        if (_sale is not null)
        {
            entry["source_order_id"] = _sale["id"]!.GetValue<string>();
        }

        if (lines.Count > 0)
        {
            entry["return_line_items"] = lines;
        }

        if (returnCharges.Count > 0)
        {
            entry["return_service_charges"] = returnCharges;
        }

        AddReferences(entry, "return_taxes", "taxes", "source_tax_uid", _taxes);
        AddReferences(entry, "return_discounts", "discounts", "source_discount_uid", _discounts);
        if (tips.Count > 0)
        {
            entry["return_tips"] = tips;
        }

        entry["return_amounts"] = new JsonObject
        {
            ["total_money"] = Money(total, _currency),
            ["tax_money"] = Money(tax, _currency),
            ["discount_money"] = Money(discount, _currency),
            ["tip_money"] = Money(tip, _currency),
            ["service_charge_money"] = Money(serviceCharge, _currency),
        };
        return (entry, delta);
    }

    private JsonObject Linked(ReturnLineSpec spec, SquareReturnLedger delta)
    {
        var uid = spec.SourceLineUid ?? throw new ArgumentException("A linked return line needs the sale line's uid.", nameof(spec));
        var saleLine = _sale!["line_items"]!.AsArray().FirstOrDefault(l => l!["uid"]!.GetValue<string>() == uid)
            ?? throw new ArgumentException($"Sale {_sale["id"]} has no line '{uid}'.", nameof(spec));
        var saleQuantity = decimal.Parse(saleLine["quantity"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var before = _ledger.Quantity(uid) + delta.Quantity(uid);
        if (spec.Quantity <= 0 || before + spec.Quantity > saleQuantity)
        {
            throw new InvalidOperationException($"Cannot return {Quantity(spec.Quantity)} of line '{uid}': {Quantity(saleQuantity - before)} of {Quantity(saleQuantity)} left.");
        }

        delta.AddQuantity(uid, spec.Quantity);
        var last = before + spec.Quantity == saleQuantity;
        long Part(string key, long saleAmount)
        {
            var done = _ledger.Amount(key) + delta.Amount(key);
            var part = last ? saleAmount - done : Math.Min(Round(saleAmount * spec.Quantity / saleQuantity), saleAmount - done);
            delta.AddAmount(key, part);
            return part;
        }

        var line = new JsonObject
        {
            ["uid"] = _newUid(),
            ["source_line_item_uid"] = uid,
            ["name"] = saleLine["name"]!.GetValue<string>(),
            ["quantity"] = Quantity(spec.Quantity),
        };
        foreach (var key in new[] { "quantity_unit", "catalog_object_id", "catalog_version", "variation_name", "item_type" })
        {
            if (saleLine[key] is { } value)
            {
                line[key] = value.DeepClone();
            }
        }

        line["base_price_money"] = saleLine["base_price_money"]!.DeepClone();
        var variation = Part(uid + ":variation", Amount(saleLine["variation_total_price_money"]));
        var gross = variation;
        if (saleLine["modifiers"] is JsonArray modifiers)
        {
            var returned = new JsonArray();
            foreach (var modifier in modifiers)
            {
                var modifierUid = modifier!["uid"]!.GetValue<string>();
                var amount = Part(uid + ":modifier:" + modifierUid, Amount(modifier["total_price_money"]));
                gross += amount;
                var json = new JsonObject { ["uid"] = _newUid(), ["source_modifier_uid"] = modifierUid, ["name"] = modifier["name"]!.GetValue<string>() };
                if (modifier["catalog_object_id"] is { } catalog)
                {
                    json["catalog_object_id"] = catalog.DeepClone();
                }

                json["quantity"] = modifier["quantity"]!.DeepClone();
                json["base_price_money"] = modifier["base_price_money"]!.DeepClone();
                json["total_price_money"] = Money(amount, _currency);
                returned.Add(json);
            }

            line["return_modifiers"] = returned;
        }

        var additiveTaxUids = _sale["taxes"]!.AsArray().Where(t => t!["type"]!.GetValue<string>() == "ADDITIVE").Select(t => t!["uid"]!.GetValue<string>()).ToHashSet();
        var discount = Applied(saleLine, "applied_discounts", "discount_uid", _discounts, line, uid + ":discount:", Part, out _);
        var tax = Applied(saleLine, "applied_taxes", "tax_uid", _taxes, line, uid + ":tax:", Part, out var taxes);
        var charge = Applied(saleLine, "applied_service_charges", "service_charge_uid", _charges, line, uid + ":charge:", Part, out _);
        var additive = taxes.Where(t => additiveTaxUids.Contains(t.SourceUid)).Sum(t => t.Amount);
        line["variation_total_price_money"] = Money(variation, _currency);
        line["gross_return_money"] = Money(gross, _currency);
        line["total_tax_money"] = Money(tax, _currency);
        line["total_discount_money"] = Money(discount, _currency);
        line["total_service_charge_money"] = Money(charge, _currency);
        line["total_money"] = Money(gross - discount + additive + charge, _currency);
        return line;
    }

    /// <summary>Returns the line's share of each applied discount/tax/charge and points it at the entry-level reference.</summary>
    private long Applied(
        JsonNode saleLine,
        string arrayName,
        string referenceName,
        Dictionary<string, (string Uid, long Amount)> references,
        JsonObject line,
        string keyPrefix,
        Func<string, long, long> part,
        out List<(string SourceUid, long Amount)> parts)
    {
        parts = [];
        var applied = new JsonArray();
        foreach (var entry in saleLine[arrayName]?.AsArray() ?? [])
        {
            var sourceUid = entry![referenceName]!.GetValue<string>();
            var amount = part(keyPrefix + sourceUid, Amount(entry["applied_money"]));
            var reference = references.TryGetValue(sourceUid, out var existing) ? existing : (_newUid(), 0L);
            references[sourceUid] = (reference.Item1, reference.Item2 + amount);
            applied.Add(new JsonObject { ["uid"] = _newUid(), [referenceName] = reference.Item1, ["applied_money"] = Money(amount, _currency) });
            parts.Add((sourceUid, amount));
        }

        line[arrayName] = applied;
        return parts.Sum(p => p.Amount);
    }

    private JsonObject ReturnServiceCharge(string uid, SquareReturnLedger delta)
    {
        if (_sale is null)
        {
            throw new ArgumentException("An unlinked return has no service charges to return.", nameof(uid));
        }

        var charge = _sale["service_charges"]!.AsArray().FirstOrDefault(c => c!["uid"]!.GetValue<string>() == uid)
            ?? throw new ArgumentException($"Sale {_sale["id"]} has no service charge '{uid}'.", nameof(uid));
        if (charge["treatment_type"]!.GetValue<string>() == "APPORTIONED_TREATMENT")
        {
            throw new ArgumentException($"Service charge '{uid}' is apportioned over lines; it is returned with them.", nameof(uid));
        }

        if (_ledger.ServiceChargeReturned(uid) || delta.ServiceChargeReturned(uid))
        {
            throw new InvalidOperationException($"Service charge '{uid}' of sale {_sale["id"]} was already returned.");
        }

        delta.AddServiceCharge(uid);
        var json = new JsonObject { ["uid"] = _newUid(), ["source_service_charge_uid"] = uid, ["name"] = charge["name"]!.GetValue<string>() };
        foreach (var key in new[] { "percentage", "amount_money", "applied_money", "total_money", "total_tax_money", "calculation_phase", "taxable", "treatment_type", "scope" })
        {
            if (charge[key] is { } value)
            {
                json[key] = value.DeepClone();
            }
        }

        var applied = new JsonArray();
        foreach (var tax in charge["applied_taxes"]?.AsArray() ?? [])
        {
            var sourceUid = tax!["tax_uid"]!.GetValue<string>();
            var amount = Amount(tax["applied_money"]);
            var reference = _taxes.TryGetValue(sourceUid, out var existing) ? existing : (_newUid(), 0L);
            _taxes[sourceUid] = (reference.Item1, reference.Item2 + amount);
            applied.Add(new JsonObject { ["uid"] = _newUid(), ["tax_uid"] = reference.Item1, ["applied_money"] = Money(amount, _currency) });
        }

        json["applied_taxes"] = applied;
        return json;
    }

    private JsonObject ApportionedCharge(string sourceUid, string uid, long amount)
    {
        var charge = _sale!["service_charges"]!.AsArray().First(c => c!["uid"]!.GetValue<string>() == sourceUid)!;
        var json = new JsonObject { ["uid"] = uid, ["source_service_charge_uid"] = sourceUid, ["name"] = charge["name"]!.GetValue<string>() };
        foreach (var key in new[] { "percentage", "amount_money" })
        {
            if (charge[key] is { } value)
            {
                json[key] = value.DeepClone();
            }
        }

        json["applied_money"] = Money(amount, _currency);
        json["total_money"] = Money(amount, _currency);
        json["total_tax_money"] = Money(0, _currency);
        json["calculation_phase"] = charge["calculation_phase"]!.DeepClone();
        json["taxable"] = false;
        json["treatment_type"] = "APPORTIONED_TREATMENT";
        json["scope"] = charge["scope"]!.DeepClone();
        return json;
    }

    private JsonObject Unlinked(ReturnLineSpec spec)
    {
        if (spec.SourceLineUid is not null || spec.Name is null || spec.BasePrice is not { } price || price < 0 || spec.Quantity <= 0)
        {
            throw new ArgumentException("A line of an unlinked return has no source uid but a name, a price and a positive quantity.", nameof(spec));
        }

        var amount = Round(price * spec.Quantity);
        return new JsonObject
        {
            ["uid"] = _newUid(),
            ["name"] = spec.Name,
            ["quantity"] = Quantity(spec.Quantity),
            ["item_type"] = "CUSTOM_AMOUNT",
            ["base_price_money"] = Money(price, _currency),
            ["variation_total_price_money"] = Money(amount, _currency),
            ["gross_return_money"] = Money(amount, _currency),
            ["total_tax_money"] = Money(0, _currency),
            ["total_discount_money"] = Money(0, _currency),
            ["total_service_charge_money"] = Money(0, _currency),
            ["total_money"] = Money(amount, _currency),
        };
    }

    /// <summary>Entry-level <c>return_taxes</c>/<c>return_discounts</c>: the sale's definition, the returned amount, and a link back.</summary>
    private void AddReferences(JsonObject entry, string name, string saleArray, string sourceKey, Dictionary<string, (string Uid, long Amount)> references)
    {
        if (references.Count == 0)
        {
            return;
        }

        var array = new JsonArray();
        foreach (var (sourceUid, (uid, amount)) in references)
        {
            var source = _sale![saleArray]!.AsArray().First(x => x!["uid"]!.GetValue<string>() == sourceUid)!;
            var json = new JsonObject { ["uid"] = uid, [sourceKey] = sourceUid, ["name"] = source["name"]!.DeepClone(), ["type"] = source["type"]!.DeepClone() };
            foreach (var key in new[] { "percentage", "amount_money" })
            {
                if (source[key] is { } value)
                {
                    json[key] = value.DeepClone();
                }
            }

            json["applied_money"] = Money(amount, _currency);
            json["scope"] = source["scope"]!.DeepClone();
            array.Add(json);
        }

        entry[name] = array;
    }
}
