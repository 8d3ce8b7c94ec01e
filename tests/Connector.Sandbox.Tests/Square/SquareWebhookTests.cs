using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareWebhookTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void Signature_matches_every_shared_test_vector()
    {
        var cases = JsonNode.Parse(SquareWebhookVectors.Json)!["cases"]!.AsArray();
        Assert.True(cases.Count >= 8);
        foreach (var vector in cases)
        {
            var computed = SquareWebhookSignature.Compute(
                vector!["signature_key"]!.GetValue<string>(),
                vector["notification_url"]!.GetValue<string>(),
                Encoding.UTF8.GetBytes(vector["request_body"]?.GetValue<string>() ?? ""));
            var header = vector["signature_header"]?.GetValue<string>();
            Assert.True(
                vector["expected_valid"]!.GetValue<bool>() == (computed == header),
                $"Vector '{vector["name"]}' computed {computed}, header {header}");
        }
    }

    [Fact]
    public async Task SendWebhookAsync_posts_a_signed_event_to_the_notification_url_and_returns_the_status()
    {
        await using var simulator = await StartAsync();
        var orderId = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Fish & <Chips>", BasePrice = 995 }] });
        _receiver.AnswerStatus = 202;

        var status = await simulator.SendWebhookAsync("order.updated", orderId);

        Assert.Equal(202, status);
        var received = Assert.Single(await _receiver.TakeAsync(1));
        var expected = Convert.ToBase64String(HMACSHA256.HashData(
            Encoding.UTF8.GetBytes("test-signature-key"),
            Encoding.UTF8.GetBytes(_receiver.Url).Concat(received.Body).ToArray()));
        Assert.Equal(expected, received.Headers["x-square-hmacsha256-signature"]);
        Assert.Equal("application/json", received.Headers["content-type"]);
        Assert.False(received.Headers.ContainsKey("square-retry-number"));
        var body = JsonNode.Parse(received.Body)!;
        Assert.Equal("order.updated", body["type"]!.GetValue<string>());
        Assert.Equal("MLSANDBOX0001", body["merchant_id"]!.GetValue<string>());
        Assert.Equal("2026-03-02T09:00:00.000Z", body["created_at"]!.GetValue<string>());
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", body["event_id"]!.GetValue<string>());
        Assert.Equal("order_updated", body["data"]!["type"]!.GetValue<string>());
        Assert.Equal(orderId, body["data"]!["id"]!.GetValue<string>());
        var summary = body["data"]!["object"]!["order_updated"]!;
        Assert.Equal(orderId, summary["order_id"]!.GetValue<string>());
        Assert.Equal("COMPLETED", summary["state"]!.GetValue<string>());
        Assert.Equal(2, summary["version"]!.GetValue<int>());
    }

    [Fact]
    public async Task Webhook_bodies_keep_html_sensitive_characters_unescaped_and_the_signature_covers_them()
    {
        await using var simulator = await StartAsync();
        var sale = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 }] });
        var result = simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 500, Reason = "Fish & <Chips> 'cold'" });

        await simulator.SendWebhookAsync("refund.updated", result.RefundId!);

        var received = Assert.Single(await _receiver.TakeAsync(1));
        var raw = Encoding.UTF8.GetString(received.Body);
        Assert.Contains("Fish & <Chips> 'cold'", raw, StringComparison.Ordinal);
        Assert.Equal(SquareWebhookSignature.Compute("test-signature-key", _receiver.Url, received.Body), received.Headers["x-square-hmacsha256-signature"]);
        var reserialised = Encoding.UTF8.GetBytes(JsonNode.Parse(raw)!.ToJsonString());
        Assert.NotEqual(SquareWebhookSignature.Compute("test-signature-key", _receiver.Url, reserialised), received.Headers["x-square-hmacsha256-signature"]);
    }

    [Fact]
    public async Task Refund_events_carry_the_refund_as_it_was_when_the_event_was_created()
    {
        await using var simulator = await StartAsync();
        var sale = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 }] });
        var result = simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 500, RefundPending = true });
        var created = simulator.CreateWebhookEvent("refund.created", result.RefundId!);
        simulator.CompleteRefund(result.RefundId!);
        var updated = simulator.CreateWebhookEvent("refund.updated", result.RefundId!);

        await simulator.DeliverWebhookAsync(created);
        await simulator.DeliverWebhookAsync(updated);

        var received = await _receiver.TakeAsync(2);
        var refunds = received.Select(r => JsonNode.Parse(r.Body)!["data"]!["object"]!["refund"]!).ToList();
        Assert.Equal(["PENDING", "COMPLETED"], refunds.Select(r => r["status"]!.GetValue<string>()));
        Assert.All(refunds, r => Assert.Equal(result.ReturnOrderId, r["order_id"]!.GetValue<string>()));
        Assert.Equal("refund", JsonNode.Parse(received[0].Body)!["data"]!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task AutoWebhooks_queue_order_and_refund_events_and_flush_delivers_duplicates_with_the_same_event_id()
    {
        await using var simulator = await StartAsync(o => new SquareSimulatorOptions
        {
            WebhookNotificationUrl = o.WebhookNotificationUrl,
            WebhookSignatureKey = o.WebhookSignatureKey,
            TimeProvider = o.TimeProvider,
            AutoWebhooks = true,
            WebhookDuplicates = 2,
        });
        var sale = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 }] });
        var result = simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 500 });

        Assert.Equal(6, simulator.PendingWebhooks);
        var deliveries = await simulator.FlushWebhooksAsync();

        Assert.Equal(18, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(200, d.Status));
        var received = await _receiver.TakeAsync(18);
        var byEvent = received.GroupBy(r => JsonNode.Parse(r.Body)!["event_id"]!.GetValue<string>()).ToList();
        Assert.Equal(6, byEvent.Count);
        Assert.All(byEvent, g =>
        {
            Assert.Equal(3, g.Count());
            Assert.Single(g.Select(r => Convert.ToBase64String(r.Body)).Distinct());
            Assert.Equal(["1", "2"], g.Where(r => r.Headers.ContainsKey("square-retry-number")).Select(r => r.Headers["square-retry-number"]));
        });
        var types = received.Where(r => !r.Headers.ContainsKey("square-retry-number")).Select(r => JsonNode.Parse(r.Body)!["type"]!.GetValue<string>());
        Assert.Equal(["order.created", "order.updated", "order.created", "order.updated", "refund.created", "refund.updated"], types);
        var createdSummary = JsonNode.Parse(received[0].Body)!["data"]!["object"]!["order_created"]!;
        Assert.Equal("OPEN", createdSummary["state"]!.GetValue<string>());
        Assert.Equal(result.RefundId, deliveries[^1].ObjectId);
        Assert.Equal(0, simulator.PendingWebhooks);
    }

    [Fact]
    public async Task ShuffleWebhooks_delivers_the_same_events_in_a_different_seeded_order()
    {
        await using var simulator = await StartAsync(o => new SquareSimulatorOptions
        {
            WebhookNotificationUrl = o.WebhookNotificationUrl,
            WebhookSignatureKey = o.WebhookSignatureKey,
            TimeProvider = o.TimeProvider,
            AutoWebhooks = true,
            ShuffleWebhooks = true,
            WebhookSeed = 7,
        });
        var expected = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 + i }] });
        }

        var queuedOrder = simulator.OrderIds.SelectMany(id => new[] { id + "/order.created", id + "/order.updated" }).ToList();
        var deliveries = await simulator.FlushWebhooksAsync();

        var deliveredOrder = deliveries.Select(d => d.ObjectId + "/" + d.Type).ToList();
        Assert.NotEqual(queuedOrder, deliveredOrder);
        Assert.Equal(queuedOrder.Order(StringComparer.Ordinal), deliveredOrder.Order(StringComparer.Ordinal));
        Assert.Equal(20, (await _receiver.TakeAsync(20)).Count);
    }

    [Fact]
    public async Task AutoDeliver_sends_queued_events_in_the_background_and_flush_waits_for_them()
    {
        await using var simulator = await StartAsync(o => new SquareSimulatorOptions
        {
            WebhookNotificationUrl = o.WebhookNotificationUrl,
            WebhookSignatureKey = o.WebhookSignatureKey,
            TimeProvider = o.TimeProvider,
            AutoWebhooks = true,
            AutoDeliver = true,
        });

        var sale = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 }] });
        var received = await _receiver.TakeAsync(2);
        await simulator.FlushWebhooksAsync();

        Assert.All(received, r => Assert.Equal(sale, JsonNode.Parse(r.Body)!["data"]!["id"]!.GetValue<string>()));
        Assert.Equal(2, simulator.WebhookDeliveries.Count);
    }

    [Fact]
    public async Task SaleWebhookTypes_model_pos_sales_with_payment_events_and_no_order_created()
    {
        await using var simulator = await StartAsync(o => new SquareSimulatorOptions
        {
            WebhookNotificationUrl = o.WebhookNotificationUrl,
            WebhookSignatureKey = o.WebhookSignatureKey,
            TimeProvider = o.TimeProvider,
            AutoWebhooks = true,
            SaleWebhookTypes = ["payment.created", "payment.updated", "order.updated"],
        });

        var sale = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 }], Tip = 100 });
        await simulator.FlushWebhooksAsync();

        var bodies = (await _receiver.TakeAsync(3)).Select(r => JsonNode.Parse(r.Body)!).ToList();
        Assert.Equal(["payment.created", "payment.updated", "order.updated"], bodies.Select(b => b["type"]!.GetValue<string>()));
        var payment = bodies[0]["data"]!["object"]!["payment"]!;
        Assert.Equal(sale, payment["order_id"]!.GetValue<string>());
        Assert.Equal(simulator.GetOrder(sale)!["tenders"]![0]!["id"]!.GetValue<string>(), bodies[0]["data"]!["id"]!.GetValue<string>());
        Assert.Equal(2000, payment["amount_money"]!["amount"]!.GetValue<long>());
        Assert.Equal(2100, payment["total_money"]!["amount"]!.GetValue<long>());
        await Assert.ThrowsAsync<ArgumentException>(() => SquareSimulator.StartAsync(new SquareSimulatorOptions { SaleWebhookTypes = ["refund.created"] }));
    }

    [Fact]
    public async Task Delivery_to_an_unreachable_receiver_reports_status_zero()
    {
        var url = _receiver.Url;
        await _receiver.DisposeAsync();
        _receiver = await WebhookReceiver.StartAsync();
        await using var simulator = await SquareSimulator.StartAsync(new SquareSimulatorOptions { WebhookNotificationUrl = url, TimeProvider = _clock });
        var sale = simulator.CreateSale(new SaleSpec { Lines = [new SaleLineSpec { Name = "Tee", BasePrice = 2000 }] });

        var status = await simulator.SendWebhookAsync("payment.updated", simulator.GetOrder(sale)!["tenders"]![0]!["id"]!.GetValue<string>());

        Assert.Equal(0, status);
        Assert.Equal(0, Assert.Single(simulator.WebhookDeliveries).Status);
    }

    private async Task<SquareSimulator> StartAsync(Func<SquareSimulatorOptions, SquareSimulatorOptions>? configure = null)
    {
        var options = new SquareSimulatorOptions { WebhookNotificationUrl = _receiver.Url, WebhookSignatureKey = "test-signature-key", TimeProvider = _clock };
        return await SquareSimulator.StartAsync(configure?.Invoke(options) ?? options);
    }
}
