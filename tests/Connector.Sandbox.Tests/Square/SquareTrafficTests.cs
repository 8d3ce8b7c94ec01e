using System.Text.Json.Nodes;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareTrafficTests
{
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task SquareTraffic_produces_the_same_orders_refunds_and_delivery_plan_for_the_same_seed()
    {
        var first = await RunAsync(seed: 42);
        var second = await RunAsync(seed: 42);
        var other = await RunAsync(seed: 43);

        Assert.Equal(first.State, second.State);
        Assert.Equal(first.Plan, second.Plan);
        Assert.NotEqual(first.State, other.State);
    }

    [Fact]
    public async Task SquareTraffic_covers_every_sale_and_return_case_with_consistent_money()
    {
        await using var simulator = await SquareSimulator.StartAsync(new SquareSimulatorOptions { TimeProvider = new ManualClock(Start) });
        var traffic = new SquareTraffic(simulator, 7, new SquareTrafficOptions { ReturnRate = 1.0, DeliverWebhooks = false });

        var result = await traffic.RunAsync(14);

        foreach (var kind in new[] { "sale.modifiers", "sale.discounts-additive-tax-tip", "sale.fractional-custom-amount", "sale.service-charges-tip", "sale.jpy", "sale.order-discount-mixed-taxes" })
        {
            Assert.True(result.Cases.GetValueOrDefault(kind) >= 2, kind);
        }

        foreach (var kind in new[] { "return.partial", "return.repeated-partial", "return.custom-amount", "return.amount-only", "return.exchange", "return.full", "return.unlinked" })
        {
            Assert.True(result.Cases.GetValueOrDefault(kind) >= 2, kind);
        }

        foreach (var saleId in result.SaleIds)
        {
            SquareSaleMoneyTests.AssertConsistent(simulator.GetOrder(saleId)!);
        }

        Assert.Contains(result.SaleIds, id => simulator.GetOrder(id)!["total_money"]!["currency"]!.GetValue<string>() == "JPY");
        Assert.Contains(result.SaleIds, id => simulator.GetOrder(id)!["line_items"]!.AsArray().Any(l => l!["quantity"]!.GetValue<string>().Contains('.', StringComparison.Ordinal)));
        foreach (var (kind, returned) in result.Returns)
        {
            var entry = simulator.GetOrder(returned.ReturnOrderId)!["returns"]![0]!;
            Assert.Equal(kind == "return.unlinked", entry["source_order_id"] is null);
            if (returned.RefundId is { } refundId)
            {
                var refund = simulator.GetRefund(refundId)!;
                Assert.Equal(returned.ReturnOrderId, refund["order_id"]!.GetValue<string>());
                Assert.Equal("COMPLETED", refund["status"]!.GetValue<string>());
            }
        }

        // Repeated partial returns of one line add up to exactly that line.
        var repeated = result.Returns.Where(r => r.Case == "return.repeated-partial").Take(2).Select(r => simulator.GetOrder(r.Result.ReturnOrderId)!["returns"]![0]!).ToList();
        var saleLine = simulator.GetOrder(repeated[0]["source_order_id"]!.GetValue<string>())!["line_items"]![0]!;
        Assert.Equal(
            saleLine["total_money"]!["amount"]!.GetValue<long>(),
            repeated.Sum(e => e["return_line_items"]![0]!["total_money"]!["amount"]!.GetValue<long>()));
    }

    [Fact]
    public async Task SquareTraffic_delivers_every_event_with_duplicates_and_out_of_order_at_the_configured_rates()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SquareSimulator.StartAsync(new SquareSimulatorOptions
        {
            TimeProvider = new ManualClock(Start),
            WebhookNotificationUrl = receiver.Url,
        });
        var traffic = new SquareTraffic(simulator, 3, new SquareTrafficOptions { DuplicateRate = 0.5, OutOfOrderRate = 0.5 });

        var result = await traffic.RunAsync(12);

        var received = await receiver.TakeAsync(result.Deliveries.Count);
        Assert.All(result.Deliveries, d => Assert.Equal(200, d.Status));
        Assert.True(result.Deliveries.Count > result.Events.Count);
        Assert.Equal(result.Events.Select(e => e.EventId).Order(StringComparer.Ordinal), received.Select(EventId).Distinct().Order(StringComparer.Ordinal));
        Assert.NotEqual(result.Events.Select(e => e.EventId), received.Select(EventId).Distinct());
        Assert.True(result.Cases["webhook.out-of-order"] > 0);
        Assert.Equal(result.Deliveries.Count - result.Events.Count, result.Cases["webhook.duplicate"]);
        Assert.Contains(received, r => r.Headers.ContainsKey("square-retry-number"));
    }

    private static string EventId(WebhookReceiver.Received received) => JsonNode.Parse(received.Body)!["event_id"]!.GetValue<string>();

    private static async Task<(string State, string Plan)> RunAsync(int seed)
    {
        await using var simulator = await SquareSimulator.StartAsync(new SquareSimulatorOptions { TimeProvider = new ManualClock(Start) });
        var result = await new SquareTraffic(simulator, seed, new SquareTrafficOptions { DeliverWebhooks = false }).RunAsync(12);
        var state = new JsonObject
        {
            ["orders"] = new JsonArray(simulator.OrderIds.Select(id => (JsonNode)simulator.GetOrder(id)!).ToArray()),
            ["refunds"] = new JsonArray(simulator.RefundIds.Select(id => (JsonNode)simulator.GetRefund(id)!).ToArray()),
            ["events"] = new JsonArray(result.Events.Select(e => (JsonNode)JsonValue.Create(e.Body)!).ToArray()),
        };
        var plan = string.Join('\n', result.Deliveries.Select(d => $"{d.EventId} {d.Type} {d.ObjectId} {d.RetryNumber}"));
        return (state.ToJsonString(), plan);
    }
}
