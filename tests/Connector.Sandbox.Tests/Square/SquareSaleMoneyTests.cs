using System.Globalization;
using System.Text.Json.Nodes;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareSaleMoneyTests : SquareSimulatorTestBase
{
    /// <summary>
    /// Latte 2 × 450 + oat milk 50 × 2 = 1000, 10% line discount 100; muffin 325. A 200 order discount splits 147/53
    /// over 900/325 (largest remainder). Additive 8.875% on 753 → 67 and on 272 → 24. Auto-gratuity 10% of 1025 =
    /// 102.5 → 102 (half to even). Tip 300. Total 820 + 296 + 102 + 300 = 1518.
    /// </summary>
    [Fact]
    public async Task CreateSale_derives_square_money_fields_for_discounts_additive_tax_gratuity_and_tip()
    {
        var spec = SimpleSale() with
        {
            Lines =
            [
                SimpleSale().Lines[0] with { DiscountUids = ["ten"] },
                SimpleSale().Lines[1],
            ],
            Discounts = [new DiscountSpec("ten", "10% latte", "LINE_ITEM", Percentage: 10m), new DiscountSpec("welcome", "Welcome", "ORDER", Amount: 200)],
            Taxes = [new TaxSpec("ny", "NY", 8.875m, Inclusive: false)],
            ServiceCharges = [new ServiceChargeSpec("grat", "Gratuity", Percentage: 10m, AutoGratuity: true)],
            Tip = 300,
        };

        var order = (await GetAsync($"v2/orders/{Simulator.CreateSale(spec)}")).Body!["order"]!;

        var latte = order["line_items"]![0]!;
        var muffin = order["line_items"]![1]!;
        Assert.Equal("2", latte["quantity"]!.GetValue<string>());
        Assert.Equal(900, Amount(latte["variation_total_price_money"]));
        Assert.Equal(100, Amount(latte["modifiers"]![0]!["total_price_money"]));
        Assert.Equal(1000, Amount(latte["gross_sales_money"]));
        Assert.Equal(247, Amount(latte["total_discount_money"]));
        Assert.Equal(67, Amount(latte["total_tax_money"]));
        Assert.Equal(820, Amount(latte["total_money"]));
        Assert.Equal(53, Amount(muffin["total_discount_money"]));
        Assert.Equal(296, Amount(muffin["total_money"]));
        Assert.Equal(200, Amount(order["discounts"]![1]!["applied_money"]));
        Assert.Equal(102, Amount(order["service_charges"]![0]!["applied_money"]));
        Assert.Equal("AUTO_GRATUITY", order["service_charges"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(91, Amount(order["total_tax_money"]));
        Assert.Equal(300, Amount(order["total_discount_money"]));
        Assert.Equal(300, Amount(order["total_tip_money"]));
        Assert.Equal(1518, Amount(order["total_money"]));
        Assert.Equal(1518, Amount(order["tenders"]![0]!["amount_money"]));
        AssertConsistent(order);
    }

    [Fact]
    public void CreateSale_extracts_inclusive_tax_from_prices_and_keeps_jpy_amounts_whole_yen()
    {
        var euro = Simulator.GetOrder(Simulator.CreateSale(new SaleSpec
        {
            Currency = "EUR",
            Lines = [new SaleLineSpec { Name = "Shirt", BasePrice = 1210, CatalogObjectId = "VAR-1" }],
            Taxes = [new TaxSpec("vat", "BTW 21%", 21m, Inclusive: true)],
        }))!;
        var yen = Simulator.GetOrder(Simulator.CreateSale(new SaleSpec
        {
            Currency = "JPY",
            Lines = [new SaleLineSpec { Name = "Dorayaki", Quantity = 3, BasePrice = 240, CatalogObjectId = "VAR-2" }],
            Taxes = [new TaxSpec("jct", "JCT", 10m, Inclusive: true)],
        }))!;

        Assert.Equal(1210, Amount(euro["total_money"]));
        Assert.Equal(210, Amount(euro["total_tax_money"]));
        Assert.Equal("INCLUSIVE", euro["taxes"]![0]!["type"]!.GetValue<string>());
        Assert.Equal(720, Amount(yen["total_money"]));
        Assert.Equal(65, Amount(yen["total_tax_money"]));
        Assert.Equal("JPY", yen["total_money"]!["currency"]!.GetValue<string>());
        AssertConsistent(euro);
        AssertConsistent(yen);
    }

    [Fact]
    public void CreateSale_writes_fractional_quantities_as_decimal_strings_with_a_unit_and_rounds_half_to_even()
    {
        var order = Simulator.GetOrder(Simulator.CreateSale(new SaleSpec
        {
            Lines =
            [
                new SaleLineSpec { Name = "Gouda", Quantity = 1.5m, BasePrice = 1895, CatalogObjectId = "VAR-G" },
                new SaleLineSpec { Name = "Custom", BasePrice = 250 },
            ],
        }))!;

        var gouda = order["line_items"]![0]!;
        Assert.Equal("1.5", gouda["quantity"]!.GetValue<string>());
        Assert.Equal(1, gouda["quantity_unit"]!["precision"]!.GetValue<int>());
        Assert.Equal(2842, Amount(gouda["variation_total_price_money"]));
        Assert.Equal("CUSTOM_AMOUNT", order["line_items"]![1]!["item_type"]!.GetValue<string>());
        Assert.Null(order["line_items"]![1]!["catalog_object_id"]);
        AssertConsistent(order);
    }

    [Fact]
    public void CreateSale_spreads_apportioned_service_charges_into_line_totals_and_taxes_a_taxable_charge()
    {
        var order = Simulator.GetOrder(Simulator.CreateSale(new SaleSpec
        {
            Lines =
            [
                new SaleLineSpec { Name = "Burger", Quantity = 3, BasePrice = 1450, CatalogObjectId = "VAR-B", Modifiers = [new ModifierSpec("Bacon", 200)] },
                new SaleLineSpec { Name = "Lemonade", Quantity = 2, BasePrice = 450, CatalogObjectId = "VAR-L" },
            ],
            Taxes = [new TaxSpec("city", "City", 7.8m, Inclusive: false)],
            ServiceCharges =
            [
                new ServiceChargeSpec("grat", "Party", Percentage: 18m, AutoGratuity: true, Taxable: true),
                new ServiceChargeSpec("eco", "Packaging", Amount: 175, Apportioned: true),
            ],
            Tip = 250,
        }))!;

        var lines = order["line_items"]!.AsArray();
        Assert.Equal(175, lines.Sum(l => Amount(l!["total_service_charge_money"])));
        var gratuity = order["service_charges"]!.AsArray().Single(c => c!["uid"]!.GetValue<string>() == "grat")!;
        Assert.Equal("SUBTOTAL_PHASE", gratuity["calculation_phase"]!.GetValue<string>());
        Assert.True(Amount(gratuity["total_tax_money"]) > 0);
        Assert.Equal(Amount(gratuity["applied_money"]) + Amount(gratuity["total_tax_money"]), Amount(gratuity["total_money"]));
        AssertConsistent(order);
    }

    [Fact]
    public void CreateSale_rejects_inconsistent_specs()
    {
        Assert.Throws<ArgumentException>(() => Simulator.CreateSale(new SaleSpec { Lines = [] }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateSale(SimpleSale() with { CustomerId = "NOBODY" }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateSale(SimpleSale() with { LocationId = "LUNKNOWN" }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateSale(SimpleSale() with { Lines = [SimpleSale().Lines[0] with { DiscountUids = ["missing"] }] }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateSale(SimpleSale() with { Discounts = [new DiscountSpec("d", "Both", "ORDER", 10m, 100)] }));
        Assert.Empty(Simulator.OrderIds);
    }

    /// <summary>Every order total is the sum of its parts, the way a Square client would cross-check it.</summary>
    internal static void AssertConsistent(JsonNode order)
    {
        var lines = order["line_items"]!.AsArray();
        var additiveUids = order["taxes"]!.AsArray().Where(t => t!["type"]!.GetValue<string>() == "ADDITIVE").Select(t => t!["uid"]!.GetValue<string>()).ToHashSet();
        foreach (var line in lines)
        {
            var quantity = decimal.Parse(line!["quantity"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            var modifiers = line["modifiers"]?.AsArray().Sum(m => Amount(m!["total_price_money"])) ?? 0;
            Assert.Equal(Amount(line["variation_total_price_money"]), (long)Math.Round(Amount(line["base_price_money"]) * quantity, MidpointRounding.ToEven));
            Assert.Equal(Amount(line["gross_sales_money"]), Amount(line["variation_total_price_money"]) + modifiers);
            Assert.Equal(Amount(line["total_discount_money"]), line["applied_discounts"]!.AsArray().Sum(a => Amount(a!["applied_money"])));
            Assert.Equal(Amount(line["total_tax_money"]), line["applied_taxes"]!.AsArray().Sum(a => Amount(a!["applied_money"])));
            Assert.Equal(Amount(line["total_service_charge_money"]), line["applied_service_charges"]!.AsArray().Sum(a => Amount(a!["applied_money"])));
            var additive = line["applied_taxes"]!.AsArray().Where(a => additiveUids.Contains(a!["tax_uid"]!.GetValue<string>())).Sum(a => Amount(a!["applied_money"]));
            Assert.Equal(
                Amount(line["total_money"]),
                Amount(line["gross_sales_money"]) - Amount(line["total_discount_money"]) + additive + Amount(line["total_service_charge_money"]));
        }

        foreach (var discount in order["discounts"]!.AsArray())
        {
            var uid = discount!["uid"]!.GetValue<string>();
            Assert.Equal(Amount(discount["applied_money"]), lines.SelectMany(l => l!["applied_discounts"]!.AsArray()).Where(a => a!["discount_uid"]!.GetValue<string>() == uid).Sum(a => Amount(a!["applied_money"])));
        }

        var charges = order["service_charges"]!.AsArray();
        foreach (var tax in order["taxes"]!.AsArray())
        {
            var uid = tax!["uid"]!.GetValue<string>();
            var onLines = lines.SelectMany(l => l!["applied_taxes"]!.AsArray()).Where(a => a!["tax_uid"]!.GetValue<string>() == uid).Sum(a => Amount(a!["applied_money"]));
            var onCharges = charges.SelectMany(c => c!["applied_taxes"]!.AsArray()).Where(a => a!["tax_uid"]!.GetValue<string>() == uid).Sum(a => Amount(a!["applied_money"]));
            Assert.Equal(Amount(tax["applied_money"]), onLines + onCharges);
        }

        var separateCharges = charges.Where(c => c!["treatment_type"]!.GetValue<string>() == "LINE_ITEM_TREATMENT").ToList();
        Assert.Equal(Amount(order["total_discount_money"]), lines.Sum(l => Amount(l!["total_discount_money"])));
        Assert.Equal(Amount(order["total_tax_money"]), lines.Sum(l => Amount(l!["total_tax_money"])) + charges.Sum(c => Amount(c!["total_tax_money"])));
        Assert.Equal(Amount(order["total_service_charge_money"]), charges.Sum(c => Amount(c!["applied_money"])));
        Assert.Equal(
            Amount(order["total_money"]),
            lines.Sum(l => Amount(l!["total_money"])) + separateCharges.Sum(c => Amount(c!["total_money"])) + Amount(order["total_tip_money"]));
        var additiveTotal = order["taxes"]!.AsArray().Where(t => additiveUids.Contains(t!["uid"]!.GetValue<string>())).Sum(t => Amount(t!["applied_money"]));
        Assert.Equal(
            Amount(order["total_money"]),
            lines.Sum(l => Amount(l!["gross_sales_money"])) - Amount(order["total_discount_money"]) + additiveTotal
                + Amount(order["total_service_charge_money"]) + Amount(order["total_tip_money"]));
    }
}
