using System.Text.Json;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Model;
using Connector.Platforms.Square.Tests.Model;
using WireMock;
using WireMock.ResponseBuilders;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// Contract tests of every endpoint on WireMock.Net: the exact request (golden files under <c>Client/Golden</c>, see
/// <see cref="SquareGoldenRequest"/>) and how the answer is read, batched and paged.
/// </summary>
public sealed class SquareClientEndpointTests : IAsyncDisposable
{
    private static readonly DateTimeOffset After = new(2024, 1, 1, 10, 0, 0, TimeSpan.FromHours(2));
    private static readonly DateTimeOffset Before = new(2024, 1, 2, 0, 0, 0, TimeSpan.Zero);

    private readonly SquareStub square = new();

    public async ValueTask DisposeAsync() => await square.DisposeAsync();

    [Fact]
    public async Task RetrieveOrderAsync_reads_the_sale_example_from_GET_v2_orders_id()
    {
        square.Answer("GET", "/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder)));

        var order = await square.Client.RetrieveOrderAsync("CAISENgvlJ6jLWAzERDzjyHVybY");

        SquareGoldenRequest.AssertMatches("retrieve-order", Assert.Single(square.Requests));
        Assert.Equal("CAISENgvlJ6jLWAzERDzjyHVybY", order.Id);
        Assert.Equal(["ULkg0tQTRK2bkU9fNv3IJD", "mumY8Nun4BC5aKe2yyx5a"], order.LineItems!.Select(line => line.Uid));
        Assert.Equal(550L, order.TotalMoney!.Amount);
    }

    [Fact]
    public async Task RetrieveOrderAsync_reads_the_return_example_when_asked_for_it_by_id()
    {
        square.Answer("GET", "/v2/orders/eA3vssLHKJrv9H0IdJCM3gNqfdcZY", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.ReturnOrder)));

        // An id that is not shaped like Square's ("a/b c") is refused before any request: see SquarePathIdTests.
        var order = await square.Client.RetrieveOrderAsync("eA3vssLHKJrv9H0IdJCM3gNqfdcZY");

        Assert.Equal("/v2/orders/eA3vssLHKJrv9H0IdJCM3gNqfdcZY", Assert.Single(square.Requests).AbsolutePath);
        var orderReturn = Assert.Single(order.Returns!);
        Assert.Equal("zls8ETfFzvdngiJ9HJO1EtUVaaPZY", orderReturn.SourceOrderId);
        Assert.Equal(6360L, Assert.Single(orderReturn.ReturnLineItems!).TotalMoney!.Amount);
    }

    [Fact]
    public async Task BatchRetrieveOrdersAsync_writes_the_body_of_squares_own_example()
    {
        square.Answer("POST", "/v2/orders/batch-retrieve", SquareStub.Ok("""{"orders": [{"id": "CAISEM82RcpmcFBM0TfOyiHV3es"}], "errors": []}"""));

        var orders = await square.Client.BatchRetrieveOrdersAsync("057P5VYJ4A5X1", ["CAISEM82RcpmcFBM0TfOyiHV3es", "CAISENgvlJ6jLWAzERDzjyHVybY"]);

        var request = Assert.Single(square.Requests);
        SquareGoldenRequest.AssertMatches("batch-retrieve-orders", request);

        // The golden body is Square's own example.
        AssertSameJson(SquareFixtures.Read("batch-retrieve-orders-request.json"), request.Body!);
        Assert.Equal("CAISEM82RcpmcFBM0TfOyiHV3es", Assert.Single(orders).Id);
    }

    [Fact]
    public async Task BatchRetrieveOrdersAsync_splits_more_than_100_ids_into_calls_of_at_most_100()
    {
        var ids = Enumerable.Range(0, 250).Select(i => $"O{i:D3}").ToList();
        ids.Add("O007");
        square.Answer("POST", "/v2/orders/batch-retrieve", Response.Create().WithStatusCode(200).WithBody(request =>
        {
            // Like Square, leave out ids it does not know (here: O042).
            var found = Json(request).GetProperty("order_ids").EnumerateArray().Select(id => id.GetString()!).Where(id => id != "O042");
            return JsonSerializer.Serialize(new { orders = found.Select(id => new { id, location_id = "L1" }) });
        }));

        var orders = await square.Client.BatchRetrieveOrdersAsync(null, ids);

        Assert.Equal([100, 100, 50], square.Requests.Select(request => Json(request).GetProperty("order_ids").GetArrayLength()));
        Assert.All(square.Requests, request => Assert.False(Json(request).TryGetProperty("location_id", out _)));
        Assert.Equal(ids.Distinct().Where(id => id != "O042"), orders.Select(order => order.Id));
    }

    [Fact]
    public async Task BatchRetrieveOrdersAsync_makes_no_call_for_no_ids()
    {
        Assert.Empty(await square.Client.BatchRetrieveOrdersAsync("L1", []));
        Assert.Empty(square.Requests);
    }

    [Fact]
    public async Task SearchOrdersAsync_filters_and_sorts_by_updated_at_and_passes_the_cursor_back()
    {
        square.Answer("POST", "/v2/orders/search", Response.Create().WithStatusCode(200).WithBody(request => Json(request).TryGetProperty("cursor", out _)
            ? """{"orders": [{"id": "O2"}]}"""
            : """{"orders": [{"id": "O1", "state": "COMPLETED"}], "cursor": "next-1"}"""));

        var first = await square.Client.SearchOrdersAsync(["L1", "L2"], After, Before, cursor: null, limit: 200);
        var second = await square.Client.SearchOrdersAsync(["L1", "L2"], After, Before, first.Cursor, limit: 200);

        Assert.Equal(["O1"], first.Orders.Select(order => order.Id));
        Assert.Equal("next-1", first.Cursor);
        Assert.Equal(["O2"], second.Orders.Select(order => order.Id));
        Assert.Null(second.Cursor);
        SquareGoldenRequest.AssertMatches("search-orders", square.Requests[0]);

        // Square requires the same query again with the cursor.
        SquareGoldenRequest.AssertMatches("search-orders-next-page", square.Requests[1]);
    }

    [Fact]
    public async Task SearchOrdersAsync_leaves_the_end_open_and_reads_an_entries_answer_without_orders()
    {
        square.Answer("POST", "/v2/orders/search", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SearchEntries)));

        var page = await square.Client.SearchOrdersAsync(["057P5VYJ4A5X1"], After, updatedBefore: null, cursor: null);

        Assert.Empty(page.Orders);
        Assert.Equal("123", page.Cursor);
        var range = Json(square.Requests[0]).GetProperty("query").GetProperty("filter").GetProperty("date_time_filter").GetProperty("updated_at");
        Assert.False(range.TryGetProperty("end_at", out _));
        Assert.False(Json(square.Requests[0]).TryGetProperty("limit", out _));
    }

    [Fact]
    public async Task SearchAllOrdersAsync_splits_more_than_10_locations_and_follows_every_cursor()
    {
        var locations = Enumerable.Range(1, 23).Select(i => $"L{i:D2}").ToArray();
        square.Answer("POST", "/v2/orders/search", Response.Create().WithStatusCode(200).WithBody(request =>
        {
            // Two pages per group of locations; order ids say which group and page they came from.
            var group = Json(request).GetProperty("location_ids")[0].GetString();
            return Json(request).TryGetProperty("cursor", out _)
                ? $$"""{"orders": [{"id": "{{group}}-p2", "unknown_field": 1}]}"""
                : $$"""{"orders": [{"id": "{{group}}-p1a"}, {"id": "{{group}}-p1b"}], "cursor": "c:{{group}}"}""";
        }));

        var orders = new List<string>();
        await foreach (var order in square.Client.SearchAllOrdersAsync(locations, After, Before, limit: 2))
        {
            orders.Add(order.Id!);
        }

        Assert.Equal(
            ["L01-p1a", "L01-p1b", "L01-p2", "L11-p1a", "L11-p1b", "L11-p2", "L21-p1a", "L21-p1b", "L21-p2"], orders);
        Assert.Equal(
            [(10, null), (10, "c:L01"), (10, null), (10, "c:L11"), (3, null), (3, "c:L21")],
            square.Requests.Select(request => (
                Json(request).GetProperty("location_ids").GetArrayLength(),
                Json(request).TryGetProperty("cursor", out var cursor) ? cursor.GetString() : null)));
        Assert.Equal(locations, square.Requests.Where((_, i) => i % 2 == 0)
            .SelectMany(request => Json(request).GetProperty("location_ids").EnumerateArray().Select(id => id.GetString()!)));
    }

    [Fact]
    public async Task SearchOrdersAsync_refuses_a_cursor_that_does_not_belong_to_a_split_search()
    {
        var locations = Enumerable.Range(1, 11).Select(i => $"L{i}").ToArray();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => square.Client.SearchOrdersAsync(locations, After, Before, "plain-square-cursor"));

        Assert.StartsWith("'plain-square-cursor' is not a cursor of a search over these 11 locations.", error.Message);
        Assert.Empty(square.Requests);
    }

    [Fact]
    public async Task SearchAllOrdersAsync_stops_when_Square_repeats_a_cursor()
    {
        square.Answer("POST", "/v2/orders/search", SquareStub.Ok("""{"orders": [], "cursor": "stuck"}"""));

        var error = await Assert.ThrowsAsync<SquareApiException>(async () =>
        {
            await foreach (var order in square.Client.SearchAllOrdersAsync(["L1"], After, Before))
            {
                Assert.Fail($"no orders expected, got {order.Id}");
            }
        });

        Assert.Equal("Square call failed without an answer: v2/orders/search returned the same cursor twice; paging stopped.", error.Message);
        Assert.Equal(2, square.Requests.Count);
    }

    [Fact]
    public async Task GetPaymentRefundAsync_reads_the_example_from_GET_v2_refunds_id()
    {
        const string id = "bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY_69MmgHubkLqx9wGhnmenRUHOaKitE6llfZuxcWYjGxd";
        square.Answer("GET", $"/v2/refunds/{id}", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.GetRefund)));

        var refund = await square.Client.GetPaymentRefundAsync(id);

        SquareGoldenRequest.AssertMatches("get-payment-refund", Assert.Single(square.Requests));
        Assert.Equal((SquarePaymentRefundStatus.Completed, "9ltv0bx5PuvGXUYHYHxYSKEqC3IZY", 555L), (refund.Status, refund.OrderId, refund.AmountMoney!.Amount!.Value));
    }

    [Fact]
    public async Task ListPaymentRefundsAsync_asks_by_update_time_ascending_with_a_created_range_a_year_wider()
    {
        square.Answer("GET", "/v2/refunds", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.ListRefunds)));

        var page = await square.Client.ListPaymentRefundsAsync(After, Before, "L88917AVBK2S5", cursor: "prev", limit: 50);

        var request = Assert.Single(square.Requests);
        SquareGoldenRequest.AssertMatches("list-payment-refunds", request);

        // The order of the query is what the hand-written client sent before Refit.
        Assert.Equal(
            "sort_field=UPDATED_AT&sort_order=ASC&updated_at_begin_time=2024-01-01T08:00:00.000Z&begin_time=2023-01-01T08:00:00.000Z"
            + "&updated_at_end_time=2024-01-02T00:00:00.000Z&end_time=2024-01-02T00:00:00.000Z&location_id=L88917AVBK2S5&limit=50&cursor=prev",
            Uri.UnescapeDataString(request.RawQuery!.TrimStart('?')));
        Assert.Equal("bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY", Assert.Single(page.Refunds).PaymentId);
        Assert.StartsWith("5evquW1YswHoT4EoyUhzMmTsCnsSXBU9U0WJ4FU4623nrMQcocH0RGU6Up1YkwfiMcF59ood58EBTEGgzMTGHQJpocic7ExOL0NtrTXCeWcv0UJIJNk8eXb", page.Cursor);
    }

    [Fact]
    public async Task ListAllPaymentRefundsAsync_follows_the_cursor_to_the_last_page()
    {
        var first = SquareFixtures.Read(SquareFixtures.ListRefunds);
        var cursor = JsonDocument.Parse(first).RootElement.GetProperty("cursor").GetString();
        square.Answer("GET", "/v2/refunds", Response.Create().WithStatusCode(200).WithBody(request => QueryValue(request, "cursor") is null
            ? first
            : """{"refunds": [{"id": "R2", "status": "PENDING", "brand_new": true}]}"""));

        var refunds = new List<SquarePaymentRefund>();
        await foreach (var refund in square.Client.ListAllPaymentRefundsAsync(After, null, null))
        {
            refunds.Add(refund);
        }

        Assert.Equal(["bP9mAsEMYPUGjjGNaNO5ZDVyLhSZY_69MmgHubkLqx9wGhnmenRUHOaKitE6llfZuxcWYjGxd", "R2"], refunds.Select(refund => refund.Id));
        Assert.Equal([null, cursor], square.Requests.Select(request => QueryValue(request, "cursor")));
        Assert.All(square.Requests, request => Assert.Null(QueryValue(request, "updated_at_end_time")));
        Assert.All(square.Requests, request => Assert.Null(QueryValue(request, "location_id")));
    }

    [Fact]
    public async Task RetrieveCustomerAsync_reads_the_example_from_GET_v2_customers_id()
    {
        square.Answer("GET", "/v2/customers/JDKYHBWT1D4F8MFH63DBMEN8Y4", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.Customer)));

        var customer = await square.Client.RetrieveCustomerAsync("JDKYHBWT1D4F8MFH63DBMEN8Y4");

        SquareGoldenRequest.AssertMatches("retrieve-customer", Assert.Single(square.Requests));
        Assert.Equal("Amelia.Earhart@example.com", customer!.EmailAddress);
    }

    [Fact]
    public async Task RetrieveCustomerAsync_answers_null_when_Square_answers_404()
    {
        square.Answer("GET", "/v2/customers/MERGED-AWAY", SquareStub.Error(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", "Customer not found"));

        Assert.Null(await square.Client.RetrieveCustomerAsync("MERGED-AWAY"));
        Assert.Single(square.Requests);
    }

    private static JsonElement Json(IRequestMessage request) => JsonDocument.Parse(request.Body ?? "null").RootElement;

    private static string? QueryValue(IRequestMessage request, string name) =>
        request.Query is { } query && query.TryGetValue(name, out var values) ? string.Join(",", values) : null;

    private static void AssertSameJson(string expected, string actual) =>
        Assert.True(
            JsonElement.DeepEquals(JsonDocument.Parse(expected).RootElement, JsonDocument.Parse(actual).RootElement),
            $"expected {expected}\nactual   {actual}");
}
