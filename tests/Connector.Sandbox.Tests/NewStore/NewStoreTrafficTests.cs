using System.Text.Json.Nodes;
using Connector.Sandbox.NewStore;

namespace Connector.Sandbox.Tests.NewStore;

public sealed class NewStoreTrafficTests : NewStoreSimulatorTestBase
{
    private static decimal D(JsonNode? node) => node!.GetValue<decimal>();

    private static List<JsonObject> Payloads(NewStoreSimulator simulator, string name) =>
        [.. simulator.Events.Where(e => e.Name == name).Select(e => JsonNode.Parse(e.Body)!["payload"]!.AsObject())];

    private async Task<NewStoreTrafficResult> RunAsync(int rounds, int seed = 3) =>
        await new NewStoreTraffic(Simulator, seed, new NewStoreTrafficOptions { DeliverEvents = false }).RunAsync(rounds);

    [Theory]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(2026)]
    public async Task Every_published_order_balances_exactly_in_both_price_methods(int seed)
    {
        await RunAsync(80, seed);

        var orders = Payloads(Simulator, "order.opened");
        Assert.Contains(orders, o => o["price_method"]!.GetValue<string>() == "tax_excluded" && o["currency"]!.GetValue<string>() == "USD");
        Assert.Contains(orders, o => o["price_method"]!.GetValue<string>() == "tax_included" && o["currency"]!.GetValue<string>() == "EUR");
        foreach (var order in orders)
        {
            var items = order["items"]!.AsArray().Select(i => i!.AsObject()).ToList();
            var grand = D(order["grand_total"]);
            var expected = order["price_method"]!.GetValue<string>() == "tax_excluded"
                ? D(order["subtotal"]) - D(order["discount_total"]) + D(order["shipping_total"]) + D(order["shipping_tax"]) + D(order["tax_total"])
                : D(order["subtotal"]) - D(order["discount_total"]) + D(order["shipping_total"]);
            Assert.Equal(expected, grand);
            Assert.Equal(D(order["subtotal"]), items.Sum(i => D(i["list_price"])));
            Assert.Equal(D(order["discount_total"]), items.Sum(i => D(i["item_discounts"]) + D(i["order_discounts"])));
            Assert.Equal(D(order["tax_total"]), items.Sum(i => D(i["tax"])));
            Assert.All(items, i => Assert.Equal(1, i["quantity"]!.GetValue<int>()));
            Assert.Equal(items.Count, items.Select(i => i["id"]!.GetValue<string>()).Distinct().Count());

            // Amounts carry at most the currency's two decimals.
            Assert.All(items.SelectMany(i => new[] { i["list_price"], i["tax"], i["order_discounts"] }).Append(order["grand_total"]),
                n => Assert.Equal(D(n), Math.Round(D(n), 2)));
        }
    }

    [Fact]
    public async Task Every_return_adds_up_and_every_order_reports_its_expected_net()
    {
        var result = await RunAsync(16);

        foreach (var r in Payloads(Simulator, "return.processed"))
        {
            var items = r["items"]!.AsArray();
            Assert.Equal(D(r["total_refund_amount"]), D(r["total_refund_excl_tax"]) + D(r["total_refund_tax"]));
            Assert.All(items, i => Assert.Equal(D(i!["refund_amount"]), D(i!["refund_excl_tax"]) + D(i!["refund_tax"])));
        }

        foreach (var order in result.Orders)
        {
            Assert.Equal(result.Returns.Where(r => r.OrderId == order.OrderId).Sum(r => r.TotalRefund), order.Refunded);
            Assert.Equal(result.Appeasements.Where(a => a.OrderId == order.OrderId).Sum(a => a.Amount), order.Appeased);
            Assert.Equal(result.Cancellations.Where(c => c.OrderId == order.OrderId).Sum(c => c.Amount), order.Cancelled);
            Assert.Equal(order.GrandTotal - order.Cancelled - order.Appeased - order.Refunded, order.Net);
            Assert.InRange(order.Net, 0, order.GrandTotal);
        }

        // A fully returned or cancelled order leaves nothing but return fees.
        Assert.Contains(result.Orders, o => o.IsCancelled && o.Net == 0);
        Assert.Contains(result.Orders, o => !o.IsCancelled && o.Refunded > 0 && o.Net == result.Returns.Where(r => r.OrderId == o.OrderId).Sum(r => r.ReturnFee));
    }

    [Fact]
    public void Returned_units_of_a_product_go_lowest_remaining_first_as_in_the_reference_example()
    {
        var id = Simulator.CreateOrder(ReferenceExampleOrder());
        var units = Simulator.GetUnits(id);
        Simulator.Appease(id, 5000, [units[0].ItemId]);
        Simulator.Appease(id, 2500, [units[1].ItemId]);

        var result = Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["P1", "P1", "P2"] });

        // 250 + 275 + 400 = 925 (reference 4.3), from the appeased units, not the untouched one.
        Assert.Equal(92500, result.TotalRefund);
        Assert.Equal([units[0].ItemId, units[1].ItemId, units[3].ItemId], result.Items.Select(i => i.ItemId));
        Assert.Equal([25000L, 27500L, 40000L], result.Items.Select(i => i.RefundAmount));
        var published = Payloads(Simulator, "return.processed").Single();
        Assert.Equal(925m, D(published["total_refund_amount"]));
        Assert.Equal(id, published["order_id"]!.GetValue<string>());
        var last = Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["P1"] });
        Assert.Equal(units[2].ItemId, Assert.Single(last.Items).ItemId);
        Assert.Equal(30000, last.TotalRefund);
    }

    [Fact]
    public void Refused_return_changes_nothing_and_publishes_nothing()
    {
        var id = Simulator.CreateOrder(ReferenceExampleOrder());
        var before = Simulator.GetUnits(id);
        var events = Simulator.Events.Count;

        var unknown = Assert.Throws<InvalidOperationException>(() => Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["P1", "P2", "P2"] }));
        var fee = Assert.Throws<ArgumentException>(() => Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["P1"], ReturnFee = 30001 }));

        Assert.Equal($"Order {id} has no unit of P2 left to return.", unknown.Message);
        Assert.StartsWith("A return fee of 30001 exceeds the refund.", fee.Message, StringComparison.Ordinal);
        Assert.Equal(before, Simulator.GetUnits(id));
        Assert.Equal(events, Simulator.Events.Count);
        Assert.Equal(0, Simulator.GetOrder(id)!.Refunded);
    }

    [Fact]
    public void Appeasement_is_prorated_by_price_paid()
    {
        var id = Simulator.CreateOrder(new NewStoreOrderSpec
        {
            Lines = [new() { ProductId = "A", UnitPrice = 5000 }, new() { ProductId = "B", UnitPrice = 7500 }, new() { ProductId = "C", UnitPrice = 2500 }],
        });

        Simulator.Appease(id, 5000);

        Assert.Equal([3333L, 5000L, 1667L], Simulator.GetUnits(id).Select(u => u.Remaining));
        var issued = Payloads(Simulator, "refund_request.issued").Single();
        Assert.Equal(50m, D(issued["amount"]));
        Assert.Equal(id, issued["payment_account_id"]!.GetValue<string>());
    }

    [Fact]
    public void Shipping_is_refunded_only_with_the_return_of_the_last_item_and_the_fee_is_deducted()
    {
        var id = Simulator.CreateOrder(new NewStoreOrderSpec
        {
            Lines = [new() { ProductId = "A", Quantity = 2, UnitPrice = 2000, TaxRate = 0.1m }],
            Shipping = 500,
            ShippingTaxRate = 0.1m,
        });

        var partial = Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["A"], ReturnFee = 300 });
        var rest = Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["A"] });

        Assert.Equal((0L, 300L, 2200L - 300L), (partial.ShippingRefunded, partial.ReturnFee, partial.TotalRefund));
        Assert.Equal((550L, 2200L + 550L), (rest.ShippingRefunded, rest.TotalRefund));
        Assert.Throws<InvalidOperationException>(() => Simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["A"] }));
        Assert.Equal(300, Simulator.GetOrder(id)!.Net);
    }

    [Fact]
    public void Tax_included_order_keeps_tax_inside_prices()
    {
        var id = Simulator.CreateOrder(new NewStoreOrderSpec
        {
            PriceMethod = NewStoreOrderSpec.TaxIncluded,
            Currency = "EUR",
            Lines = [new() { ProductId = "A", Quantity = 2, UnitPrice = 12100, TaxRate = 0.21m }],
            Shipping = 605,
            ShippingTaxRate = 0.21m,
            OrderDiscount = 2420,
        });

        var order = Simulator.GetOrder(id)!;

        Assert.Equal(24200 - 2420 + 605, order.GrandTotal);
        Assert.Equal(2 * 1890, order.TaxTotal);
        Assert.Equal(105, order.ShippingTax);
    }

    [Fact]
    public async Task Traffic_covers_every_case_the_connector_must_handle()
    {
        var traffic = new NewStoreTraffic(Simulator, 3, new NewStoreTrafficOptions { DeliverEvents = false });
        var result = await traffic.RunAsync(8);

        Assert.Equal(8, result.Cases.Count);
        var orders = Payloads(Simulator, "order.opened");
        var returns = Payloads(Simulator, "return.processed");
        Assert.Contains(orders, o => o["channel_type"]!.GetValue<string>() == "store" && o["customer_email"]!.GetValue<string>() == "");
        Assert.Contains(orders, o => o["channel_type"]!.GetValue<string>() == "web");
        Assert.Contains(orders, o => o["is_historical"]!.GetValue<bool>());
        var exchange = Assert.Single(orders, o => o["is_exchange"]!.GetValue<bool>());
        Assert.Contains(returns, r => r["id"]!.GetValue<string>() == exchange["exchanges"]![0]!["return_id"]!.GetValue<string>());
        Assert.Contains(returns, r => r["order_id"] is null);
        Assert.Contains(returns, r => D(r["return_fee"]) > 0);
        Assert.Contains(orders, o => o["discounts"]!.AsArray().Count > 0 && o["items"]!.AsArray().Any(i => D(i!["item_discounts"]) > 0));
        Assert.Contains(orders, o => D(o["shipping_tax"]) > 0);
        Assert.Single(Simulator.Events, e => e.Name == "order.cancelled");
        Assert.Single(Simulator.Events, e => e.Name == "order.items_cancelled");
        Assert.Contains(result.Returns, r => r.ShippingRefunded > 0);
        Assert.Equal(3, result.Appeasements.Count);

        // A return published before its order, whose order.opened is then published twice.
        var early = Simulator.Events.First(e => e.Name == "return.processed" && Simulator.Events.First(o => o.Name == "order.opened"
            && o.EntityId == JsonNode.Parse(e.Body)!["payload"]!["order_id"]?.GetValue<string>()).Sequence > e.Sequence);
        var orderId = JsonNode.Parse(early.Body)!["payload"]!["order_id"]!.GetValue<string>();
        Assert.Equal(2, Simulator.Events.Count(e => e.Name == "order.opened" && e.EntityId == orderId));
    }

    [Fact]
    public async Task Appeased_units_are_the_ones_returned_in_the_traffic_case()
    {
        await RunAsync(2);

        var appeased = Simulator.Appeasements.Where(a => a.ItemIds.Count == 1).SelectMany(a => a.ItemIds).ToHashSet();
        var returned = Simulator.Returns.Single(r => r.Items.Count == 3 && r.Currency == "EUR");
        Assert.Equal(2, appeased.Count);
        Assert.Subset(returned.Items.Select(i => i.ItemId).ToHashSet(), appeased);
    }

    [Fact]
    public async Task Same_seeds_on_a_fresh_simulator_give_the_same_events()
    {
        await RunAsync(12, seed: 9);
        var first = Simulator.Events.Select(e => (e.Name, e.Body)).ToList();

        await RestartSimulatorAsync(Options());
        await RunAsync(12, seed: 9);
        var second = Simulator.Events.Select(e => (e.Name, e.Body)).ToList();
        await RestartSimulatorAsync(Options());
        await RunAsync(12, seed: 10);
        var other = Simulator.Events.Select(e => e.Body).ToList();

        Assert.Equal(first, second);
        Assert.NotEqual(first.Select(e => e.Body), other);
    }

    [Fact]
    public async Task Traffic_delivers_to_the_registered_integration()
    {
        Simulator.RegisterIntegration("leat-connector", Receiver.Url, "k");

        var result = await new NewStoreTraffic(Simulator, 3).RunAsync(8);

        Assert.Equal(Simulator.Events.Count, result.Deliveries.Count);
        Assert.All(result.Deliveries, d => Assert.Equal(200, d.Status));
        Assert.Equal(Simulator.Events.Count, Receiver.Drain().Count);
    }
}
