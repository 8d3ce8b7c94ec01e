using System.Text.Encodings.Web;
using System.Text.Json;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

/// <summary>The simulator answers reads from cached wire bytes; these hold the cache to the stored objects.</summary>
public sealed class SquareSimulatorCacheTests : SquareSimulatorTestBase
{
    // What Square sends: HTML-sensitive characters unescaped.
    private static readonly JsonSerializerOptions Wire = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Reads_show_a_refund_completed_after_they_were_first_answered()
    {
        var sale = Simulator.CreateSale(SimpleSale());
        var result = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 300, RefundPending = true });
        var refundId = result.RefundId!;
        var batch = $$"""{"order_ids":["{{result.ReturnOrderId}}"]}""";
        var search = """{"location_ids":["LSANDBOX1"],"query":{"sort":{"sort_field":"CREATED_AT","sort_order":"ASC"}}}""";
        var before = (
            Order: await GetAsync($"v2/orders/{result.ReturnOrderId}"),
            Refund: await GetAsync($"v2/refunds/{refundId}"),
            Batch: await PostAsync("v2/orders/batch-retrieve", batch),
            Search: await PostAsync("v2/orders/search", search),
            List: await GetAsync("v2/refunds"));
        Clock.Advance(TimeSpan.FromMinutes(3));

        Simulator.CompleteRefund(refundId);
        var order = await GetAsync($"v2/orders/{result.ReturnOrderId}");
        var refund = await GetAsync($"v2/refunds/{refundId}");
        var batched = await PostAsync("v2/orders/batch-retrieve", batch);
        var searched = await PostAsync("v2/orders/search", search);
        var listed = await GetAsync("v2/refunds");

        Assert.Equal("PENDING", before.Order.Body!["order"]!["refunds"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(("PENDING", 1L), (before.Refund.Body!["refund"]!["status"]!.GetValue<string>(), before.Refund.Body["refund"]!["version"]!.GetValue<long>()));
        Assert.Equal("PENDING", before.Batch.Body!["orders"]![0]!["refunds"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("PENDING", before.Search.Body!["orders"]![1]!["refunds"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("PENDING", before.List.Body!["refunds"]![0]!["status"]!.GetValue<string>());

        Assert.Equal("COMPLETED", order.Body!["order"]!["refunds"]![0]!["status"]!.GetValue<string>());
        Assert.Equal(
            ("COMPLETED", 2L, "2026-03-02T09:03:00.000Z"),
            (refund.Body!["refund"]!["status"]!.GetValue<string>(), refund.Body["refund"]!["version"]!.GetValue<long>(), refund.Body["refund"]!["updated_at"]!.GetValue<string>()));
        Assert.Equal("COMPLETED", batched.Body!["orders"]![0]!["refunds"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", searched.Body!["orders"]![1]!["refunds"]![0]!["status"]!.GetValue<string>());
        Assert.Equal("COMPLETED", listed.Body!["refunds"]![0]!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Read_bodies_are_the_stored_objects_serialised_as_square_does_even_with_html_sensitive_text()
    {
        var customer = Simulator.AddCustomer("a&b@example.com", "Zoë <\"Bob\"> 🍕");
        var sale = Simulator.CreateSale(SimpleSale(customer) with { ReferenceId = "<ref & 'x'>" });
        var result = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 100, Reason = "Broken <&> ü" });

        var order = await GetTextAsync($"v2/orders/{sale}");
        var refund = await GetTextAsync($"v2/refunds/{result.RefundId}");
        var person = await GetTextAsync($"v2/customers/{customer}");
        var batch = await PostTextAsync("v2/orders/batch-retrieve", $$"""{"order_ids":["{{sale}}","{{result.ReturnOrderId}}"]}""");

        Assert.Equal($$"""{"order":{{Simulator.GetOrder(sale)!.ToJsonString(Wire)}}}""", order);
        Assert.Contains("\"reference_id\":\"<ref & 'x'>\"", order, StringComparison.Ordinal);
        Assert.Equal($$"""{"refund":{{Simulator.GetRefund(result.RefundId!)!.ToJsonString(Wire)}}}""", refund);
        Assert.Equal($$"""{"customer":{{Simulator.GetCustomer(customer)!.ToJsonString(Wire)}}}""", person);
        Assert.Equal($$"""{"orders":[{{Simulator.GetOrder(sale)!.ToJsonString(Wire)}},{{Simulator.GetOrder(result.ReturnOrderId)!.ToJsonString(Wire)}}]}""", batch);
        Assert.Equal([order, refund, person, batch], Simulator.Requests.Select(r => r.ResponseBody));
    }

    private async Task<string> GetTextAsync(string path) => await Http.GetStringAsync(path);

    private async Task<string> PostTextAsync(string path, string json)
    {
        using var response = await Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
}
