using System.Text.Json.Nodes;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareSimulatorEndpointTests : SquareSimulatorTestBase
{
    [Fact]
    public async Task RetrieveOrder_returns_the_order_and_404_not_found_for_an_unknown_id()
    {
        var customer = Simulator.AddCustomer("amelia@example.com");
        var orderId = Simulator.CreateSale(SimpleSale(customer));

        var found = await GetAsync($"v2/orders/{orderId}");
        var missing = await GetAsync("v2/orders/DOESNOTEXIST");

        Assert.Equal(200, found.Status);
        var order = found.Body!["order"]!;
        Assert.Equal(orderId, order["id"]!.GetValue<string>());
        Assert.Equal("COMPLETED", order["state"]!.GetValue<string>());
        Assert.Equal("LSANDBOX1", order["location_id"]!.GetValue<string>());
        Assert.Equal(customer, order["customer_id"]!.GetValue<string>());
        Assert.Equal(customer, order["tenders"]![0]!["customer_id"]!.GetValue<string>());
        Assert.Equal("2026-03-02T09:00:00.000Z", order["updated_at"]!.GetValue<string>());
        Assert.Equal(2, order["version"]!.GetValue<int>());
        AssertError(missing, 404, "INVALID_REQUEST_ERROR", "NOT_FOUND");
        Assert.Equal("Could not find order with id: DOESNOTEXIST", missing.Body!["errors"]![0]!["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task BatchRetrieve_omits_unknown_ids_and_rejects_more_than_100()
    {
        var first = Simulator.CreateSale(SimpleSale());
        var second = Simulator.CreateSale(SimpleSale(locationId: "LSANDBOX2"));
        var ids = new JsonArray(first, "UNKNOWN", second);
        var tooMany = new JsonArray(Enumerable.Range(0, 101).Select(i => (JsonNode)JsonValue.Create("ID" + i)!).ToArray());

        var found = await PostAsync("v2/orders/batch-retrieve", new JsonObject { ["order_ids"] = ids }.ToJsonString());
        var filtered = await PostAsync("v2/orders/batch-retrieve", new JsonObject { ["location_id"] = "LSANDBOX2", ["order_ids"] = ids.DeepClone() }.ToJsonString());
        var rejected = await PostAsync("v2/orders/batch-retrieve", new JsonObject { ["order_ids"] = tooMany }.ToJsonString());
        var empty = await PostAsync("v2/orders/batch-retrieve", """{"order_ids":[]}""");

        Assert.Equal([first, second], found.Body!["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
        Assert.Equal([second], filtered.Body!["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
        AssertError(rejected, 400, "INVALID_REQUEST_ERROR", "VALUE_TOO_HIGH", "order_ids");
        AssertError(empty, 400, "INVALID_REQUEST_ERROR", "EXPECTED_ARRAY", "order_ids");
    }

    [Fact]
    public async Task Post_endpoints_reject_bodies_that_are_not_declared_json_or_not_json()
    {
        using var text = new StringContent("""{"order_ids":["X"]}""");
        using var response = await Http.PostAsync("v2/orders/batch-retrieve", text);
        var garbage = await PostAsync("v2/orders/search", "{not json");

        Assert.Equal(400, (int)response.StatusCode);
        AssertError(garbage, 400, "INVALID_REQUEST_ERROR", "BAD_REQUEST");
    }

    [Fact]
    public async Task GetPaymentRefund_and_RetrieveCustomer_return_objects_and_404_for_unknown_ids()
    {
        var customer = Simulator.AddCustomer("amelia@example.com", "Amelia");
        var sale = Simulator.CreateSale(SimpleSale(customer));
        var result = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 100 });

        var refund = await GetAsync($"v2/refunds/{result.RefundId}");
        var customerReply = await GetAsync($"v2/customers/{customer}");
        var noRefund = await GetAsync("v2/refunds/NOPE");
        var noCustomer = await GetAsync("v2/customers/NOPE");
        var wrongPath = await GetAsync("v2/catalog/list");

        Assert.Equal(result.ReturnOrderId, refund.Body!["refund"]!["order_id"]!.GetValue<string>());
        Assert.Equal(100, Amount(refund.Body["refund"]!["amount_money"]));
        Assert.Equal("amelia@example.com", customerReply.Body!["customer"]!["email_address"]!.GetValue<string>());
        Assert.Equal("Amelia", customerReply.Body["customer"]!["given_name"]!.GetValue<string>());
        AssertError(noRefund, 404, "INVALID_REQUEST_ERROR", "NOT_FOUND");
        AssertError(noCustomer, 404, "INVALID_REQUEST_ERROR", "NOT_FOUND");
        AssertError(wrongPath, 404, "INVALID_REQUEST_ERROR", "NOT_FOUND");
    }

    [Fact]
    public async Task GetPayment_returns_the_sale_payment_with_its_refunds()
    {
        var sale = Simulator.CreateSale(SimpleSale() with { Tip = 100 });
        var paymentId = Simulator.GetOrder(sale)!["tenders"]![0]!["id"]!.GetValue<string>();
        var done = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 300 });
        var pending = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 200, RefundPending = true });

        var reply = await GetAsync($"v2/payments/{paymentId}");
        var missing = await GetAsync("v2/payments/NOPE");

        var payment = reply.Body!["payment"]!;
        Assert.Equal(sale, payment["order_id"]!.GetValue<string>());
        Assert.Equal(1325, Amount(payment["amount_money"]));
        Assert.Equal(100, Amount(payment["tip_money"]));
        Assert.Equal(1425, Amount(payment["total_money"]));
        Assert.Equal([done.RefundId!, pending.RefundId!], payment["refund_ids"]!.AsArray().Select(r => r!.GetValue<string>()));
        Assert.Equal(300, Amount(payment["refunded_money"]));
        AssertError(missing, 404, "INVALID_REQUEST_ERROR", "NOT_FOUND");
    }

    [Fact]
    public async Task ListPaymentRefunds_filters_on_created_at_by_begin_time_and_on_updated_at_by_its_own_bounds()
    {
        var sale = Simulator.CreateSale(SimpleSale());
        var early = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 100, RefundPending = true });
        Clock.Advance(TimeSpan.FromHours(1));
        var late = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 200 });
        Clock.Advance(TimeSpan.FromHours(1));
        Simulator.CompleteRefund(early.RefundId!);

        var createdAfter = await GetAsync("v2/refunds?begin_time=2026-03-02T09:30:00Z&sort_order=ASC");
        var updatedAfter = await GetAsync("v2/refunds?updated_at_begin_time=2026-03-02T10:30:00Z&sort_field=UPDATED_AT");
        var all = await GetAsync("v2/refunds?sort_order=ASC");
        var bad = await GetAsync("v2/refunds?begin_time=yesterday");
        var tooMany = await GetAsync("v2/refunds?limit=101");

        Assert.Equal([late.RefundId!], Ids(createdAfter, "refunds"));
        Assert.Equal([early.RefundId!], Ids(updatedAfter, "refunds"));
        Assert.Equal([early.RefundId!, late.RefundId!], Ids(all, "refunds"));
        Assert.Equal("COMPLETED", all.Body!["refunds"]![0]!["status"]!.GetValue<string>());
        AssertError(bad, 400, "INVALID_REQUEST_ERROR", "INVALID_TIME", "begin_time");
        AssertError(tooMany, 400, "INVALID_REQUEST_ERROR", "INVALID_VALUE", "limit");
    }

    [Fact]
    public async Task ListPaymentRefunds_pages_with_a_cursor_and_answers_an_empty_object_when_nothing_matches()
    {
        var sale = Simulator.CreateSale(SimpleSale());
        var refunds = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            refunds.Add(Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 10 + i }).RefundId!);
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var seen = new List<string>();
        var reply = await GetAsync("v2/refunds?sort_order=ASC&limit=2");
        var pages = 1;
        seen.AddRange(Ids(reply, "refunds"));
        while (reply.Body!["cursor"] is { } cursor)
        {
            reply = await GetAsync($"v2/refunds?sort_order=ASC&limit=2&cursor={Uri.EscapeDataString(cursor.GetValue<string>())}");
            seen.AddRange(Ids(reply, "refunds"));
            pages++;
        }

        var none = await GetAsync("v2/refunds?location_id=LSANDBOX2");

        Assert.Equal(refunds, seen);
        Assert.Equal(3, pages);
        Assert.Equal("{}", none.Body!.ToJsonString());
    }

    private static List<string> Ids(Reply reply, string array) =>
        reply.Body![array]?.AsArray().Select(o => o!["id"]!.GetValue<string>()).ToList() ?? [];
}
