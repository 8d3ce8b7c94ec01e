using System.Text.Json.Nodes;
using Connector.Sandbox.Square;

namespace Connector.Sandbox.Tests.Square;

public sealed class SquareSearchOrdersTests : SquareSimulatorTestBase
{
    [Fact]
    public async Task SearchOrders_pages_an_updated_at_window_in_ascending_order_with_cursors()
    {
        var before = Simulator.CreateSale(SimpleSale());
        Clock.Advance(TimeSpan.FromMinutes(10));
        var inside = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            inside.Add(Simulator.CreateSale(SimpleSale(locationId: i % 2 == 0 ? "LSANDBOX1" : "LSANDBOX2")));
            Clock.Advance(TimeSpan.FromMinutes(1));
        }

        Clock.Advance(TimeSpan.FromMinutes(10));
        var after = Simulator.CreateSale(SimpleSale());

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var reply = await PostAsync("v2/orders/search", Query("2026-03-02T09:10:00Z", "2026-03-02T09:16:00Z", "ASC", limit: 3, cursor: cursor));
            Assert.Equal(200, reply.Status);
            seen.AddRange(reply.Body!["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
            cursor = reply.Body["cursor"]?.GetValue<string>();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(inside, seen);
        Assert.Equal(3, pages);
        Assert.DoesNotContain(before, seen);
        Assert.DoesNotContain(after, seen);
    }

    [Fact]
    public async Task SearchOrders_sorts_descending_by_default_and_returns_entries_when_asked()
    {
        var first = Simulator.CreateSale(SimpleSale());
        Clock.Advance(TimeSpan.FromSeconds(1));
        var second = Simulator.CreateSale(SimpleSale());
        var body = new JsonObject
        {
            ["location_ids"] = new JsonArray("LSANDBOX1"),
            ["query"] = new JsonObject
            {
                ["filter"] = new JsonObject { ["date_time_filter"] = new JsonObject { ["updated_at"] = new JsonObject { ["start_at"] = "2026-03-02T00:00:00Z" } } },
                ["sort"] = new JsonObject { ["sort_field"] = "UPDATED_AT" },
            },
            ["return_entries"] = true,
        };

        var reply = await PostAsync("v2/orders/search", body.ToJsonString());

        var entries = reply.Body!["order_entries"]!.AsArray();
        Assert.Equal([second, first], entries.Select(e => e!["order_id"]!.GetValue<string>()));
        Assert.Equal(2, entries[0]!["version"]!.GetValue<int>());
        Assert.Null(reply.Body["orders"]);
    }

    [Fact]
    public async Task SearchOrders_rejects_an_updated_at_filter_without_the_matching_sort_field()
    {
        Simulator.CreateSale(SimpleSale());
        var noSort = new JsonObject
        {
            ["location_ids"] = new JsonArray("LSANDBOX1"),
            ["query"] = new JsonObject
            {
                ["filter"] = new JsonObject { ["date_time_filter"] = new JsonObject { ["updated_at"] = new JsonObject { ["start_at"] = "2026-03-02T00:00:00Z" } } },
            },
        };

        var reply = await PostAsync("v2/orders/search", noSort.ToJsonString());

        AssertError(reply, 400, "INVALID_REQUEST_ERROR", "BAD_REQUEST", "query.sort.sort_field");
        Assert.Contains("CREATED_AT", reply.Body!["errors"]![0]!["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchOrders_rejects_more_than_ten_locations_missing_locations_and_a_limit_over_1000()
    {
        var eleven = new JsonObject { ["location_ids"] = new JsonArray(Enumerable.Range(0, 11).Select(_ => (JsonNode)JsonValue.Create("LSANDBOX1")!).ToArray()) };

        var tooMany = await PostAsync("v2/orders/search", eleven.ToJsonString());
        var none = await PostAsync("v2/orders/search", "{}");
        var bigLimit = await PostAsync("v2/orders/search", """{"location_ids":["LSANDBOX1"],"limit":1001}""");
        var badTime = await PostAsync("v2/orders/search", Query("yesterday", "2026-03-02T09:16:00Z", "ASC", 10, null));

        AssertError(tooMany, 400, "INVALID_REQUEST_ERROR", "VALUE_TOO_HIGH", "location_ids");
        AssertError(none, 400, "INVALID_REQUEST_ERROR", "MISSING_REQUIRED_PARAMETER", "location_ids");
        AssertError(bigLimit, 400, "INVALID_REQUEST_ERROR", "VALUE_TOO_HIGH", "limit");
        AssertError(badTime, 400, "INVALID_REQUEST_ERROR", "INVALID_TIME");
    }

    [Fact]
    public async Task SearchOrders_rejects_a_cursor_sent_with_a_different_query()
    {
        for (var i = 0; i < 3; i++)
        {
            Simulator.CreateSale(SimpleSale());
        }

        var first = await PostAsync("v2/orders/search", Query("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "ASC", 1, null));
        var cursor = first.Body!["cursor"]!.GetValue<string>();

        var changed = await PostAsync("v2/orders/search", Query("2026-03-01T00:00:00Z", "2026-03-03T00:00:00Z", "ASC", 1, cursor));
        var unknown = await PostAsync("v2/orders/search", Query("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "ASC", 1, "bogus"));
        var same = await PostAsync("v2/orders/search", Query("2026-03-02T00:00:00Z", "2026-03-03T00:00:00Z", "ASC", 5, cursor));

        AssertError(changed, 400, "INVALID_REQUEST_ERROR", "INVALID_CURSOR", "cursor");
        AssertError(unknown, 400, "INVALID_REQUEST_ERROR", "INVALID_CURSOR", "cursor");
        Assert.Equal(2, same.Body!["orders"]!.AsArray().Count);
        Assert.Null(same.Body["cursor"]);
    }

    [Fact]
    public async Task SearchOrders_finds_return_orders_too_and_filters_by_state_and_customer()
    {
        var customer = Simulator.AddCustomer("c@example.com");
        var sale = Simulator.CreateSale(SimpleSale(customer));
        Simulator.CreateSale(SimpleSale());
        var returned = Simulator.CreateReturn(new ReturnSpec { SourceOrderId = sale, CustomAmount = 50 });
        var body = new JsonObject
        {
            ["location_ids"] = new JsonArray("LSANDBOX1"),
            ["query"] = new JsonObject
            {
                ["filter"] = new JsonObject
                {
                    ["state_filter"] = new JsonObject { ["states"] = new JsonArray("COMPLETED") },
                    ["customer_filter"] = new JsonObject { ["customer_ids"] = new JsonArray(customer) },
                },
                ["sort"] = new JsonObject { ["sort_field"] = "CREATED_AT", ["sort_order"] = "ASC" },
            },
        };

        var reply = await PostAsync("v2/orders/search", body.ToJsonString());

        Assert.Equal([sale, returned.ReturnOrderId], reply.Body!["orders"]!.AsArray().Select(o => o!["id"]!.GetValue<string>()));
        Assert.NotNull(reply.Body["orders"]![1]!["returns"]);
    }

    private static string Query(string start, string end, string order, int limit, string? cursor)
    {
        var body = new JsonObject
        {
            ["location_ids"] = new JsonArray("LSANDBOX1", "LSANDBOX2"),
            ["query"] = new JsonObject
            {
                ["filter"] = new JsonObject
                {
                    ["date_time_filter"] = new JsonObject { ["updated_at"] = new JsonObject { ["start_at"] = start, ["end_at"] = end } },
                },
                ["sort"] = new JsonObject { ["sort_field"] = "UPDATED_AT", ["sort_order"] = order },
            },
            ["limit"] = limit,
            ["return_entries"] = false,
        };
        if (cursor is not null)
        {
            body["cursor"] = cursor;
        }

        return body.ToJsonString();
    }
}
