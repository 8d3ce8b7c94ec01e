using System.Text.Json.Nodes;
using static Connector.Sandbox.Square.SquareJson;

namespace Connector.Sandbox.Square;

/// <summary>
/// Derives Square's money fields for a sale from its spec, in Square's order of calculation: line amounts (base ×
/// quantity, modifiers × line quantity), LINE_ITEM then ORDER discounts, apportioned service charges, taxes on the
/// discounted amount (inclusive ones extracted from it, additive ones added on the pre-tax part), then the
/// SUBTOTAL_PHASE service charges and the tip. Every split that must add up (a fixed ORDER discount or an
/// apportioned charge over lines) uses largest remainder, so totals always equal the sum of their parts.
/// </summary>
internal static class SquareSaleCalculator
{
    public const string OrderScope = "ORDER";
    public const string LineItemScope = "LINE_ITEM";

    /// <summary>Returns the order fields <c>line_items</c>, <c>taxes</c>, <c>discounts</c>, <c>service_charges</c> and the <c>total_*</c> money.</summary>
    public static JsonObject Compute(SaleSpec spec, Func<string> newUid)
    {
        Validate(spec);
        var currency = spec.Currency;
        var lines = spec.Lines.Select(l => new Line(l, newUid(), l.Modifiers.Select(_ => newUid()).ToArray())).ToList();
        foreach (var line in lines)
        {
            line.Variation = Round(line.Spec.BasePrice * line.Spec.Quantity);
            line.ModifierTotals = line.Spec.Modifiers.Select(m => Round(m.BasePrice * m.Quantity * line.Spec.Quantity)).ToArray();
        }

        foreach (var discount in spec.Discounts.Where(d => d.Scope == LineItemScope))
        {
            foreach (var line in lines.Where(l => l.Spec.DiscountUids.Contains(discount.Uid)))
            {
                var amount = discount.Percentage is { } percentage ? Round(line.Gross * percentage / 100m) : discount.Amount!.Value;
                line.Discounts[discount.Uid] = Math.Min(amount, line.Gross - line.DiscountTotal);
            }
        }

        foreach (var discount in spec.Discounts.Where(d => d.Scope == OrderScope))
        {
            var bases = lines.Select(l => l.Gross - l.DiscountTotal).ToArray();
            var parts = discount.Percentage is { } percentage
                ? bases.Select(b => Math.Min(Round(b * percentage / 100m), b)).ToArray()
                : Apportion(Math.Min(discount.Amount!.Value, bases.Sum()), bases);
            for (var i = 0; i < lines.Count; i++)
            {
                lines[i].Discounts[discount.Uid] = parts[i];
            }
        }

        var serviceCharges = new JsonArray();
        var charges = new List<(ServiceChargeSpec Spec, long Applied, long Tax, long Total, JsonArray AppliedTaxes)>();
        foreach (var charge in spec.ServiceCharges.Where(c => c.Apportioned))
        {
            var nets = lines.Select(l => l.Net).ToArray();
            var amount = charge.Percentage is { } percentage ? Round(nets.Sum() * percentage / 100m) : charge.Amount!.Value;
            var parts = Apportion(amount, nets);
            for (var i = 0; i < lines.Count; i++)
            {
                lines[i].ServiceCharges[charge.Uid] = parts[i];
            }

            charges.Add((charge, amount, 0, amount, []));
        }

        var taxApplied = spec.Taxes.ToDictionary(t => t.Uid, _ => 0L);
        foreach (var line in lines)
        {
            var taxes = spec.Taxes.Where(t => t.Scope == OrderScope || line.Spec.TaxUids.Contains(t.Uid)).ToList();
            foreach (var (uid, amount) in TaxesOn(line.Net, taxes))
            {
                line.Taxes[uid] = amount;
                taxApplied[uid] += amount;
            }

            line.AdditiveTax = taxes.Where(t => !t.Inclusive).Sum(t => line.Taxes[t.Uid]);
        }

        var subtotal = lines.Sum(l => l.Net);
        foreach (var charge in spec.ServiceCharges.Where(c => !c.Apportioned))
        {
            var amount = charge.Percentage is { } percentage ? Round(subtotal * percentage / 100m) : charge.Amount!.Value;
            var taxes = charge.Taxable ? spec.Taxes.Where(t => t.Scope == OrderScope).ToList() : [];
            var appliedTaxes = new JsonArray();
            long tax = 0, additive = 0;
            foreach (var (uid, taxAmount) in TaxesOn(amount, taxes))
            {
                appliedTaxes.Add(new JsonObject { ["uid"] = newUid(), ["tax_uid"] = uid, ["applied_money"] = Money(taxAmount, currency) });
                taxApplied[uid] += taxAmount;
                tax += taxAmount;
                additive += taxes.Single(t => t.Uid == uid).Inclusive ? 0 : taxAmount;
            }

            charges.Add((charge, amount, tax, amount + additive, appliedTaxes));
        }

        foreach (var (charge, applied, tax, total, appliedTaxes) in charges)
        {
            var json = new JsonObject
            {
                ["uid"] = charge.Uid,
                ["name"] = charge.Name,
                ["type"] = charge.AutoGratuity ? "AUTO_GRATUITY" : "CUSTOM",
            };
            if (charge.Percentage is { } percentage)
            {
                json["percentage"] = Quantity(percentage);
            }
            else
            {
                json["amount_money"] = Money(charge.Amount!.Value, currency);
            }

            json["applied_money"] = Money(applied, currency);
            json["total_money"] = Money(total, currency);
            json["total_tax_money"] = Money(tax, currency);
            json["calculation_phase"] = charge.Apportioned
                ? charge.Percentage is null ? "APPORTIONED_AMOUNT_PHASE" : "APPORTIONED_PERCENTAGE_PHASE"
                : "SUBTOTAL_PHASE";
            json["taxable"] = charge.Taxable;
            json["applied_taxes"] = appliedTaxes;
            json["treatment_type"] = charge.Apportioned ? "APPORTIONED_TREATMENT" : "LINE_ITEM_TREATMENT";
            json["scope"] = OrderScope;
            serviceCharges.Add(json);
        }

        var lineItems = new JsonArray(lines.Select(l => (JsonNode)LineJson(l, currency, newUid)).ToArray());
        var discounts = new JsonArray(spec.Discounts.Select(d => (JsonNode)DiscountJson(d, lines.Sum(l => l.Discounts.GetValueOrDefault(d.Uid)), currency)).ToArray());
        var taxesJson = new JsonArray(spec.Taxes.Select(t => (JsonNode)new JsonObject
        {
            ["uid"] = t.Uid,
            ["name"] = t.Name,
            ["type"] = t.Inclusive ? "INCLUSIVE" : "ADDITIVE",
            ["percentage"] = Quantity(t.Percentage),
            ["scope"] = t.Scope,
            ["applied_money"] = Money(taxApplied[t.Uid], currency),
        }).ToArray());

        var totalTax = lines.Sum(l => l.Taxes.Values.Sum()) + charges.Sum(c => c.Tax);
        var totalDiscount = lines.Sum(l => l.DiscountTotal);
        var totalServiceCharge = charges.Sum(c => c.Applied);
        var orderTotal = lines.Sum(l => l.Total) + charges.Where(c => !c.Spec.Apportioned).Sum(c => c.Total) + spec.Tip;
        return new JsonObject
        {
            ["line_items"] = lineItems,
            ["taxes"] = taxesJson,
            ["discounts"] = discounts,
            ["service_charges"] = serviceCharges,
            ["total_money"] = Money(orderTotal, currency),
            ["total_tax_money"] = Money(totalTax, currency),
            ["total_discount_money"] = Money(totalDiscount, currency),
            ["total_tip_money"] = Money(spec.Tip, currency),
            ["total_service_charge_money"] = Money(totalServiceCharge, currency),
        };
    }

    /// <summary>
    /// Taxes on an amount: inclusive taxes are extracted from it together (amount × rate / (100 + Σ inclusive rates)),
    /// additive taxes are charged on what is left once the inclusive part is out.
    /// </summary>
    private static IEnumerable<(string Uid, long Amount)> TaxesOn(long amount, IReadOnlyList<TaxSpec> taxes)
    {
        var inclusiveRate = taxes.Where(t => t.Inclusive).Sum(t => t.Percentage);
        var inclusive = taxes.Where(t => t.Inclusive).Select(t => (t.Uid, Amount: Round(amount * t.Percentage / (100m + inclusiveRate)))).ToList();
        var preTax = amount - inclusive.Sum(t => t.Amount);
        var additive = taxes.Where(t => !t.Inclusive).Select(t => (t.Uid, Amount: Round(preTax * t.Percentage / 100m)));
        return inclusive.Concat(additive).ToList();
    }

    private static JsonObject LineJson(Line line, string currency, Func<string> newUid)
    {
        var spec = line.Spec;
        var json = new JsonObject { ["uid"] = line.Uid, ["name"] = spec.Name, ["quantity"] = Quantity(spec.Quantity) };
        if (spec.Quantity != decimal.Truncate(spec.Quantity))
        {
            // Fractional quantities only exist for measured items; precision is the number of decimals shown.
            json["quantity_unit"] = new JsonObject
            {
                ["measurement_unit"] = new JsonObject { ["weight_unit"] = "METRIC_KILOGRAM" },
                ["precision"] = Math.Min(5, Quantity(spec.Quantity).Split('.')[1].Length),
            };
        }

        if (spec.CatalogObjectId is not null)
        {
            json["catalog_object_id"] = spec.CatalogObjectId;
            json["catalog_version"] = 1_700_000_000_000L;
            json["variation_name"] = spec.VariationName ?? "Regular";
            json["item_type"] = "ITEM";
        }
        else
        {
            json["item_type"] = "CUSTOM_AMOUNT";
        }

        json["base_price_money"] = Money(spec.BasePrice, currency);
        if (spec.Modifiers.Count > 0)
        {
            json["modifiers"] = new JsonArray(spec.Modifiers.Select((m, i) =>
            {
                var modifier = new JsonObject { ["uid"] = line.ModifierUids[i], ["name"] = m.Name, ["quantity"] = Quantity(m.Quantity) };
                if (m.CatalogObjectId is not null)
                {
                    modifier["catalog_object_id"] = m.CatalogObjectId;
                    modifier["catalog_version"] = 1_700_000_000_000L;
                }

                modifier["base_price_money"] = Money(m.BasePrice, currency);
                modifier["total_price_money"] = Money(line.ModifierTotals[i], currency);
                return (JsonNode)modifier;
            }).ToArray());
        }

        json["applied_discounts"] = Applied(line.Discounts, "discount_uid", currency, newUid);
        json["applied_taxes"] = Applied(line.Taxes, "tax_uid", currency, newUid);
        json["applied_service_charges"] = Applied(line.ServiceCharges, "service_charge_uid", currency, newUid);
        json["variation_total_price_money"] = Money(line.Variation, currency);
        json["gross_sales_money"] = Money(line.Gross, currency);
        json["total_tax_money"] = Money(line.Taxes.Values.Sum(), currency);
        json["total_discount_money"] = Money(line.DiscountTotal, currency);
        json["total_service_charge_money"] = Money(line.ServiceCharges.Values.Sum(), currency);
        json["total_money"] = Money(line.Total, currency);
        return json;
    }

    private static JsonArray Applied(Dictionary<string, long> amounts, string key, string currency, Func<string> newUid) =>
        new(amounts.Select(a => (JsonNode)new JsonObject { ["uid"] = newUid(), [key] = a.Key, ["applied_money"] = Money(a.Value, currency) }).ToArray());

    private static JsonObject DiscountJson(DiscountSpec discount, long applied, string currency)
    {
        var json = new JsonObject
        {
            ["uid"] = discount.Uid,
            ["name"] = discount.Name,
            ["type"] = discount.Percentage is null ? "FIXED_AMOUNT" : "FIXED_PERCENTAGE",
        };
        if (discount.Percentage is { } percentage)
        {
            json["percentage"] = Quantity(percentage);
        }
        else
        {
            json["amount_money"] = Money(discount.Amount!.Value, currency);
        }

        json["applied_money"] = Money(applied, currency);
        json["scope"] = discount.Scope;
        return json;
    }

    private static void Validate(SaleSpec spec)
    {
        if (spec.Lines.Count == 0)
        {
            throw new ArgumentException("A sale needs at least one line.", nameof(spec));
        }

        if (spec.Currency.Length != 3 || !spec.Currency.All(char.IsAsciiLetterUpper))
        {
            throw new ArgumentException($"Currency '{spec.Currency}' is not an ISO 4217 code.", nameof(spec));
        }

        if (spec.Tip < 0 || spec.Lines.Any(l => l.Quantity <= 0 || l.BasePrice < 0 || Quantity(l.Quantity).Length > 12 || l.Modifiers.Any(m => m.BasePrice < 0 || m.Quantity <= 0)))
        {
            throw new ArgumentException("Quantities must be positive (at most 12 characters) and prices and tips not negative.", nameof(spec));
        }

        var uids = spec.Discounts.Select(d => d.Uid).Concat(spec.Taxes.Select(t => t.Uid)).Concat(spec.ServiceCharges.Select(c => c.Uid)).ToList();
        if (uids.Count != uids.Distinct(StringComparer.Ordinal).Count())
        {
            throw new ArgumentException("Discount, tax and service charge uids must be unique within the order.", nameof(spec));
        }

        if (spec.Discounts.Any(d => d.Scope is not (OrderScope or LineItemScope) || (d.Percentage is null) == (d.Amount is null) || d.Amount < 0 || d.Percentage is < 0 or > 100)
            || spec.Taxes.Any(t => t.Scope is not (OrderScope or LineItemScope) || t.Percentage < 0)
            || spec.ServiceCharges.Any(c => (c.Percentage is null) == (c.Amount is null) || c.Amount < 0 || c.Percentage < 0 || (c.Apportioned && c.Taxable)))
        {
            throw new ArgumentException("Discounts and service charges need exactly one of percentage and amount, scopes are ORDER or LINE_ITEM, apportioned charges are not taxable.", nameof(spec));
        }

        foreach (var line in spec.Lines)
        {
            if (line.DiscountUids.Any(u => !spec.Discounts.Any(d => d.Uid == u && d.Scope == LineItemScope))
                || line.TaxUids.Any(u => !spec.Taxes.Any(t => t.Uid == u && t.Scope == LineItemScope)))
            {
                throw new ArgumentException($"Line '{line.Name}' names a discount or tax uid that is not a LINE_ITEM-scope one of the order.", nameof(spec));
            }
        }
    }

    private sealed class Line(SaleLineSpec spec, string uid, string[] modifierUids)
    {
        public SaleLineSpec Spec { get; } = spec;

        public string Uid { get; } = uid;

        public string[] ModifierUids { get; } = modifierUids;

        public long Variation { get; set; }

        public long[] ModifierTotals { get; set; } = [];

        public long Gross => Variation + ModifierTotals.Sum();

        public Dictionary<string, long> Discounts { get; } = [];

        public long DiscountTotal => Discounts.Values.Sum();

        public long Net => Gross - DiscountTotal;

        public Dictionary<string, long> ServiceCharges { get; } = [];

        public Dictionary<string, long> Taxes { get; } = [];

        public long AdditiveTax { get; set; }

        public long Total => Net + AdditiveTax + ServiceCharges.Values.Sum();
    }
}
