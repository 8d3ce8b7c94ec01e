using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareReturnTests : SquareSimulatorTestBase
{
    private static readonly SaleSpec Sale = SimpleSale() with
    {
        Lines = [SimpleSale().Lines[0] with { DiscountUids = ["ten"] }, SimpleSale().Lines[1]],
        Discounts = [new DiscountSpec("ten", "10% latte", "LINE_ITEM", Percentage: 10m), new DiscountSpec("welcome", "Welcome", "ORDER", Amount: 200)],
        Taxes = [new TaxSpec("ny", "NY", 8.875m, Inclusive: false)],
        ServiceCharges = [new ServiceChargeSpec("grat", "Gratuity", Percentage: 10m, AutoGratuity: true)],
        Tip = 300,
    };

    [Fact]
    public async Task CreateReturn_makes_a_separate_return_order_linked_to_the_sale_and_a_refund_pointing_at_it()
    {
        var saleId = Simulator.CreateSale(Sale);
        var sale = Simulator.GetOrder(saleId)!;
        var latte = sale["line_items"]![0]!;

        var result = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(latte["uid"]!.GetValue<string>(), 1)] });

        var returnOrder = (await GetAsync($"v2/orders/{result.ReturnOrderId}")).Body!["order"]!;
        var refund = (await GetAsync($"v2/refunds/{result.RefundId}")).Body!["refund"]!;
        Assert.NotEqual(saleId, result.ReturnOrderId);
        Assert.Equal(result.ReturnOrderId, refund["order_id"]!.GetValue<string>());
        Assert.Equal(sale["tenders"]![0]!["id"]!.GetValue<string>(), refund["payment_id"]!.GetValue<string>());
        Assert.StartsWith(refund["payment_id"]!.GetValue<string>() + "_", refund["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("COMPLETED", refund["status"]!.GetValue<string>());
        Assert.Equal(0, Amount(returnOrder["total_money"]));
        Assert.Null(returnOrder["line_items"]);

        var entry = Assert.Single(returnOrder["returns"]!.AsArray())!;
        Assert.Equal(saleId, entry["source_order_id"]!.GetValue<string>());
        var line = Assert.Single(entry["return_line_items"]!.AsArray())!;
        Assert.Equal(latte["uid"]!.GetValue<string>(), line["source_line_item_uid"]!.GetValue<string>());
        Assert.Equal("1", line["quantity"]!.GetValue<string>());
        Assert.Equal(latte["modifiers"]![0]!["uid"]!.GetValue<string>(), line["return_modifiers"]![0]!["source_modifier_uid"]!.GetValue<string>());
        Assert.Equal(50, Amount(line["return_modifiers"]![0]!["total_price_money"]));
        Assert.Equal(500, Amount(line["gross_return_money"]));
        Assert.Equal(124, Amount(line["total_discount_money"]));
        Assert.Equal(34, Amount(line["total_tax_money"]));
        Assert.Equal(410, Amount(line["total_money"]));

        // Applied discounts/taxes point at the entry's return_* records, which point at the sale's definitions.
        var returnDiscounts = entry["return_discounts"]!.AsArray();
        foreach (var applied in line["applied_discounts"]!.AsArray())
        {
            var target = returnDiscounts.Single(d => d!["uid"]!.GetValue<string>() == applied!["discount_uid"]!.GetValue<string>())!;
            Assert.Contains(target["source_discount_uid"]!.GetValue<string>(), new[] { "ten", "welcome" });
        }

        Assert.Equal("ny", entry["return_taxes"]![0]!["source_tax_uid"]!.GetValue<string>());
        Assert.Equal(34, Amount(entry["return_taxes"]![0]!["applied_money"]));
        Assert.Equal(410, Amount(entry["return_amounts"]!["total_money"]));
        Assert.Equal(410, Amount(returnOrder["return_amounts"]!["total_money"]));
        Assert.Equal(-410, Amount(returnOrder["net_amounts"]!["total_money"]));
        Assert.Equal(410, Amount(refund["amount_money"]));

        // Square never mutates the sale.
        Assert.Equal(sale.ToJsonString(), Simulator.GetOrder(saleId)!.ToJsonString());
    }

    [Fact]
    public void CreateReturn_returns_exactly_the_line_total_over_repeated_partial_returns_and_refuses_more()
    {
        var saleId = Simulator.CreateSale(Sale);
        var latte = Simulator.GetOrder(saleId)!["line_items"]![0]!;
        var uid = latte["uid"]!.GetValue<string>();

        var first = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, 0.5m)] });
        var second = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, 0.75m)] });
        var third = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, 0.75m)] });

        var lines = new[] { first, second, third }.Select(r => Simulator.GetOrder(r.ReturnOrderId)!["returns"]![0]!["return_line_items"]![0]!).ToList();
        Assert.Equal(Amount(latte["total_money"]), lines.Sum(l => Amount(l["total_money"])));
        Assert.Equal(Amount(latte["total_tax_money"]), lines.Sum(l => Amount(l["total_tax_money"])));
        Assert.Equal(Amount(latte["total_discount_money"]), lines.Sum(l => Amount(l["total_discount_money"])));
        Assert.Equal(["0.5", "0.75", "0.75"], lines.Select(l => l["quantity"]!.GetValue<string>()));
        var refused = Assert.Throws<InvalidOperationException>(() => Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, 0.1m)] }));
        Assert.Equal($"Cannot return 0.1 of line '{uid}': 0 of 2 left.", refused.Message);
        Assert.Equal(3, Simulator.RefundIds.Count);
    }

    [Fact]
    public void CreateReturn_supports_amount_only_refunds_as_a_custom_amount_line_or_amounts_without_lines()
    {
        var saleId = Simulator.CreateSale(Sale);

        var custom = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, CustomAmount = 250 });
        var bare = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, AmountWithoutLines = 120 });

        var customEntry = Simulator.GetOrder(custom.ReturnOrderId)!["returns"]![0]!;
        var customLine = Assert.Single(customEntry["return_line_items"]!.AsArray())!;
        Assert.Equal("CUSTOM_AMOUNT", customLine["item_type"]!.GetValue<string>());
        Assert.Null(customLine["source_line_item_uid"]);
        Assert.Equal(250, Amount(customLine["total_money"]));
        var bareEntry = Simulator.GetOrder(bare.ReturnOrderId)!["returns"]![0]!;
        Assert.Null(bareEntry["return_line_items"]);
        Assert.Equal(saleId, bareEntry["source_order_id"]!.GetValue<string>());
        Assert.Equal(120, Amount(bareEntry["return_amounts"]!["total_money"]));
        Assert.Equal(120, Amount(Simulator.GetRefund(bare.RefundId!)!["amount_money"]));
        Assert.Throws<InvalidOperationException>(() => Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, AmountWithoutLines = 1518 }));
    }

    [Fact]
    public void CreateReturn_makes_unlinked_returns_without_source_order_or_payment()
    {
        var result = Simulator.CreateReturn(new ReturnSpec { Currency = "EUR", Lines = [new ReturnLineSpec(null, 2, "No receipt", 450)] });

        var entry = Simulator.GetOrder(result.ReturnOrderId)!["returns"]![0]!;
        var refund = Simulator.GetRefund(result.RefundId!)!;
        Assert.Null(entry["source_order_id"]);
        Assert.Null(entry["return_line_items"]![0]!["source_line_item_uid"]);
        Assert.Equal(900, Amount(entry["return_amounts"]!["total_money"]));
        Assert.True(refund["unlinked"]!.GetValue<bool>());
        Assert.Null(refund["payment_id"]);
        Assert.Equal(result.ReturnOrderId, refund["order_id"]!.GetValue<string>());
        Assert.Equal("EUR", refund["amount_money"]!["currency"]!.GetValue<string>());
    }

    [Fact]
    public void CreateReturn_makes_exchanges_with_new_lines_and_refunds_only_the_difference()
    {
        var saleId = Simulator.CreateSale(Sale);
        var uid = Simulator.GetOrder(saleId)!["line_items"]![0]!["uid"]!.GetValue<string>();

        var cheaper = Simulator.CreateReturn(new ReturnSpec
        {
            SourceOrderId = saleId,
            Lines = [new ReturnLineSpec(uid, 1)],
            ExchangeLines = [new SaleLineSpec { Name = "Espresso", BasePrice = 300, CatalogObjectId = "VAR-ESP" }],
        });
        var dearer = Simulator.CreateReturn(new ReturnSpec
        {
            SourceOrderId = saleId,
            Lines = [new ReturnLineSpec(uid, 1)],
            ExchangeLines = [new SaleLineSpec { Name = "Cake", BasePrice = 900, CatalogObjectId = "VAR-CAKE" }],
        });

        var exchange = Simulator.GetOrder(cheaper.ReturnOrderId)!;
        Assert.Equal("Espresso", exchange["line_items"]![0]!["name"]!.GetValue<string>());
        Assert.Equal(300, Amount(exchange["total_money"]));
        Assert.Equal(410, Amount(exchange["return_amounts"]!["total_money"]));
        Assert.Equal(-110, Amount(exchange["net_amounts"]!["total_money"]));
        Assert.Equal(110, Amount(Simulator.GetRefund(cheaper.RefundId!)!["amount_money"]));
        Assert.Null(dearer.RefundId);
        Assert.NotNull(Simulator.GetOrder(dearer.ReturnOrderId)!["returns"]);
    }

    [Fact]
    public void CreateReturn_returns_service_charges_once_and_the_tip_up_to_what_was_tipped()
    {
        var saleId = Simulator.CreateSale(Sale);
        var sale = Simulator.GetOrder(saleId)!;
        var all = sale["line_items"]!.AsArray().Select(l => new ReturnLineSpec(l!["uid"]!.GetValue<string>(), decimal.Parse(l["quantity"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))).ToList();

        var full = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = all, ServiceChargeUids = ["grat"], Tip = 1000 });

        var entry = Simulator.GetOrder(full.ReturnOrderId)!["returns"]![0]!;
        Assert.Equal("grat", entry["return_service_charges"]![0]!["source_service_charge_uid"]!.GetValue<string>());
        Assert.Equal(300, Amount(entry["return_tips"]![0]!["applied_money"]));
        Assert.Equal(sale["tenders"]![0]!["id"]!.GetValue<string>(), entry["return_tips"]![0]!["source_tender_id"]!.GetValue<string>());
        Assert.Equal(Amount(sale["total_money"]), Amount(entry["return_amounts"]!["total_money"]));
        Assert.Equal(Amount(sale["total_tax_money"]), Amount(entry["return_amounts"]!["tax_money"]));
        Assert.Throws<InvalidOperationException>(() => Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, ServiceChargeUids = ["grat"] }));
    }

    [Fact]
    public void CompleteRefund_moves_a_pending_refund_to_completed_with_a_new_version()
    {
        var saleId = Simulator.CreateSale(Sale);
        var result = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, CustomAmount = 100, RefundPending = true });
        var pending = Simulator.GetRefund(result.RefundId!)!;
        Clock.Advance(TimeSpan.FromMinutes(3));

        Simulator.CompleteRefund(result.RefundId!);

        var completed = Simulator.GetRefund(result.RefundId!)!;
        Assert.Equal("PENDING", pending["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", completed["status"]!.GetValue<string>());
        Assert.Equal("2026-03-02T09:03:00.000Z", completed["updated_at"]!.GetValue<string>());
        Assert.Equal(pending["version"]!.GetValue<long>() + 1, completed["version"]!.GetValue<long>());
        Assert.Throws<InvalidOperationException>(() => Simulator.CompleteRefund(result.RefundId!));
    }

    [Fact]
    public void CreateReturn_of_a_return_order_or_an_unknown_sale_is_refused()
    {
        var saleId = Simulator.CreateSale(Sale);
        var result = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId, CustomAmount = 100 });

        Assert.Throws<ArgumentException>(() => Simulator.CreateReturn(new ReturnSpec { SourceOrderId = result.ReturnOrderId, CustomAmount = 1 }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateReturn(new ReturnSpec { SourceOrderId = "NOPE", CustomAmount = 1 }));
        Assert.Throws<ArgumentException>(() => Simulator.CreateReturn(new ReturnSpec { SourceOrderId = saleId }));
        Assert.Equal(2, Simulator.OrderIds.Count);
    }
}
