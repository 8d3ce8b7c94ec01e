using System.Text;
using Connector.Platforms.Square.Jobs;
using Connector.Platforms.Square.Webhooks;

namespace Connector.Platforms.Square.Tests.Webhooks;

public sealed class SquareWebhookEventTests
{
    [Theory]
    [InlineData("order-created.webhook.json", "order.created", "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", "FPYCBCHYMXFK1")]
    [InlineData("order-updated.webhook.json", "order.updated", "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", "FPYCBCHYMXFK1")]
    [InlineData("order-fulfillment-updated.webhook.json", "order.fulfillment.updated", "eA3vssLHKJrv9H0IdJCM3gNqfdcZY", "FPYCBCHYMXFK1")]
    [InlineData("payment-updated.webhook.json", "payment.updated", "03O3USaPaAaFnI6kkwB1JxGgBsUZY", "S8GWD5R9QB376")]
    public void For_plans_an_order_sync_when_the_example_announces_an_order(string fixture, string type, string orderId, string locationId)
    {
        var evt = Parse(WebhookFixtures.Bytes(fixture));

        Assert.Equal(type, evt.Type);
        var job = SquareWebhookJob.For(evt);
        Assert.NotNull(job);
        Assert.Equal(SquareJobKinds.OrderKey(orderId), job.Key);
        Assert.Equal(orderId, evt.OrderId);
        Assert.Equal(locationId, evt.LocationId);
    }

    [Theory]
    [InlineData("refund-created.webhook.json", "refund.created")]
    [InlineData("refund-updated.webhook.json", "refund.updated")]
    public void For_plans_a_refund_sync_keyed_by_the_refund_id_when_the_example_is_a_refund(string fixture, string type)
    {
        var evt = Parse(WebhookFixtures.Bytes(fixture));

        Assert.Equal(type, evt.Type);
        Assert.Equal("KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHYxt5gAdfcobBe4u1AZsXhoz06KTtuq9Ls24P", evt.RefundId);
        Assert.Equal("square:refund:KkAkhdMsgzn59SM8A89WgKwekxLZY_ptNBVqHYxt5gAdfcobBe4u1AZsXhoz06KTtuq9Ls24P", SquareWebhookJob.For(evt)?.Key);
        Assert.Equal("6SSW7HV8K2ST5", evt.MerchantId);
        Assert.Equal("refund", evt.ObjectType);
    }

    [Fact]
    public void For_falls_back_to_data_id_when_an_order_event_has_no_summary_object()
    {
        var evt = Parse("""{"event_id":"e","type":"order.updated","data":{"type":"order","id":"ORDER-1"}}""");

        Assert.Equal("square:order:ORDER-1", SquareWebhookJob.For(evt)?.Key);
    }

    [Fact]
    public void For_uses_the_summary_whatever_its_key_when_data_type_disagrees()
    {
        var evt = Parse("""{"event_id":"e","type":"order.created","data":{"type":"order","id":"X","object":{"order":{"order_id":"ORDER-2","location_id":"L"}}}}""");

        Assert.Equal("ORDER-2", evt.OrderId);
        Assert.Equal("L", evt.LocationId);
    }

    [Fact]
    public void For_plans_nothing_when_a_payment_has_no_order_id()
    {
        var evt = Parse("""{"event_id":"e","type":"payment.created","data":{"type":"payment","id":"PAY-1","object":{"payment":{"id":"PAY-1"}}}}""");

        Assert.Null(evt.OrderId);
        Assert.Null(SquareWebhookJob.For(evt));
        Assert.True(SquareWebhookJob.IsRelevant(evt.Type));
    }

    [Theory]
    [InlineData("customer.updated")]
    [InlineData("webhooks.test_notification")]
    [InlineData("ORDER.UPDATED")]
    public void For_plans_nothing_when_the_type_is_not_synced(string type)
    {
        var evt = Parse("""{"event_id":"e","type":"TYPE","data":{"type":"order","id":"ORDER-1","object":{"order_updated":{"order_id":"ORDER-1"}}}}""".Replace("TYPE", type, StringComparison.Ordinal));

        Assert.Null(SquareWebhookJob.For(evt));
    }

    [Theory]
    [InlineData("{\"event_id\":", "malformed JSON")]
    [InlineData("", "malformed JSON")]
    [InlineData("[1,2]", "body is not a JSON object")]
    [InlineData("{\"type\":\"order.updated\"}", "missing event_id")]
    [InlineData("{\"event_id\":42,\"type\":\"order.updated\"}", "missing event_id")]
    [InlineData("{\"event_id\":\"e\"}", "missing type")]
    [InlineData("{\"event_id\":\"e\",\"type\":\"\"}", "missing type")]
    public void TryParse_gives_a_reason_when_the_body_is_not_a_usable_event(string body, string reason)
    {
        Assert.Null(SquareWebhookEvent.TryParse(Encoding.UTF8.GetBytes(body), out var actual));
        Assert.Equal(reason, actual);
    }

    [Fact]
    public void TryParse_refuses_an_event_id_longer_than_the_limit()
    {
        var body = $$"""{"event_id":"{{new string('x', SquareWebhookEvent.MaxEventIdLength + 1)}}","type":"order.updated"}""";

        Assert.Null(SquareWebhookEvent.TryParse(Encoding.UTF8.GetBytes(body), out var reason));
        Assert.Equal("event_id is 256 characters long; at most 255 are accepted", reason);
    }

    private static SquareWebhookEvent Parse(string body) => Parse(Encoding.UTF8.GetBytes(body));

    private static SquareWebhookEvent Parse(byte[] body)
    {
        var evt = SquareWebhookEvent.TryParse(body, out var reason);
        Assert.Null(reason);
        return evt!;
    }
}
