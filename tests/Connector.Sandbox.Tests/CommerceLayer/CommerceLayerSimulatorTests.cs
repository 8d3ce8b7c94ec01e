using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Connector.Sandbox.CommerceLayer;
using Connector.Sandbox.Tests.Square;

namespace Connector.Sandbox.Tests.CommerceLayer;

/// <summary>The simulator's Commerce Layer contract, spoken in raw HTTP and JSON (no product types).</summary>
public sealed class CommerceLayerSimulatorTests : IAsyncLifetime
{
    private const string JsonApi = "application/vnd.api+json";
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.Zero));
    private CommerceLayerSimulator _simulator = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _simulator = await CommerceLayerSimulator.StartAsync(new CommerceLayerSimulatorOptions { TimeProvider = _clock, TokenTtl = TimeSpan.FromMinutes(10), ReadsPerMinute = 50 });
        _http = new HttpClient { BaseAddress = _simulator.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _simulator.DisposeAsync();
    }

    private async Task<HttpResponseMessage> TokenAsync(string secret = "sandbox-cl-secret") =>
        await _http.PostAsync("/oauth/token", new StringContent(
            new JsonObject { ["grant_type"] = "client_credentials", ["client_id"] = "sandbox-cl-client", ["client_secret"] = secret }.ToJsonString(), Encoding.UTF8, "application/json"));

    private async Task<string> AccessTokenAsync() =>
        (string)JsonNode.Parse(await (await TokenAsync()).Content.ReadAsStringAsync())!["access_token"]!;

    private async Task<(HttpStatusCode Status, JsonNode? Body)> GetAsync(string path, string token, string accept = JsonApi)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.TryAddWithoutValidation("Accept", accept);
        using var response = await _http.SendAsync(request);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Token_expires_and_then_answers_401()
    {
        var token = await AccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/orders", token)).Status);
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/orders", token)).Status);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync("wrong")).StatusCode);
    }

    [Fact]
    public async Task Expired_tokens_answer_401_counted_and_a_new_token_works()
    {
        var token = await AccessTokenAsync();
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/orders", token)).Status);

        _simulator.ExpireTokens();

        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("/api/orders", token)).Status);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/orders", await AccessTokenAsync())).Status);
        Assert.Equal((2, 1), (_simulator.TokensIssued, _simulator.Unauthorized));
    }

    [Fact]
    public async Task Token_endpoint_allows_30_per_minute_then_429()
    {
        for (var i = 0; i < 30; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await TokenAsync()).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync()).StatusCode);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync()).StatusCode);
    }

    [Fact]
    public async Task Reads_over_the_limit_answer_429_and_wrong_accept_406()
    {
        var token = await AccessTokenAsync();
        Assert.Equal(HttpStatusCode.NotAcceptable, (await GetAsync("/api/orders", token, "application/json")).Status);
        for (var i = 0; i < 49; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync("/api/orders", token)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync("/api/orders", token)).Status);
    }

    [Fact]
    public async Task Paging_sorting_and_filters_follow_commerce_layer()
    {
        var traffic = new CommerceLayerTraffic(_simulator, seed: 3);
        var ids = new List<string>();
        for (var i = 0; i < 12; i++)
        {
            ids.Add(traffic.PlaceOrder().OrderId);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        var token = await AccessTokenAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync("/api/orders?page[size]=26", token)).Status);

        var first = (await GetAsync("/api/orders?sort=updated_at,id&page[size]=5", token)).Body!;
        Assert.Equal(12, (int)first["meta"]!["record_count"]!);
        Assert.Equal(3, (int)first["meta"]!["page_count"]!);
        Assert.NotNull(first["links"]!["next"]);
        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var body = (await GetAsync($"/api/orders?sort=updated_at,id&page[size]=5&page[number]={page}", token)).Body!;
            seen.AddRange(body["data"]!.AsArray().Select(d => (string)d!["id"]!));
        }

        var updated = ids.Select(id => JsonNode.Parse(_simulator.Document("orders", id)!)!["data"]!["attributes"]!["updated_at"]!.GetValue<string>()).ToList();
        Assert.Equal(ids.Zip(updated).OrderBy(p => p.Second, StringComparer.Ordinal).ThenBy(p => p.First, StringComparer.Ordinal).Select(p => p.First), seen);

        var desc = (await GetAsync("/api/orders?sort=-updated_at&page[size]=25", token)).Body!["data"]!.AsArray().Select(d => (string)d!["id"]!).ToList();
        Assert.Equal(seen.AsEnumerable().Reverse(), desc);

        var cut = updated.Order(StringComparer.Ordinal).ElementAt(5);
        var after = (await GetAsync($"/api/orders?filter[q][updated_at_gt]={cut}&page[size]=25", token)).Body!;
        Assert.All(after["data"]!.AsArray(), d => Assert.True(string.CompareOrdinal((string)d!["attributes"]!["updated_at"]!, cut) > 0));
        Assert.Equal(updated.Count(u => string.CompareOrdinal(u, cut) > 0), (int)after["meta"]!["record_count"]!);
        var upTo = (await GetAsync($"/api/orders?filter[q][updated_at_lteq]={cut}&page[size]=25", token)).Body!;
        Assert.Equal(12, (int)after["meta"]!["record_count"]! + (int)upTo["meta"]!["record_count"]!);
    }

    [Fact]
    public async Task Include_resolves_nested_paths_with_linkage()
    {
        var traffic = new CommerceLayerTraffic(_simulator, seed: 5);
        CommerceLayerExpectedOrder order;
        do
        {
            order = traffic.PlaceOrder();
        }
        while (order.Returns == 0);

        var token = await AccessTokenAsync();
        var (status, body) = await GetAsync($"/api/orders/{order.OrderId}?include=line_items,market,returns.return_line_items.line_item", token);
        Assert.Equal(HttpStatusCode.OK, status);
        var data = body!["data"]!;
        Assert.IsType<JsonArray>(data["relationships"]!["line_items"]!["data"]);
        var included = body["included"]!.AsArray();
        Assert.Contains(included, r => (string)r!["type"]! == "markets");
        Assert.Contains(included, r => (string)r!["type"]! == "return_line_items");
        var ret = included.Single(r => (string)r!["type"]! == "returns")!;
        Assert.Equal("received", (string)ret["attributes"]!["status"]!);
        Assert.NotNull(ret["relationships"]!["return_line_items"]!["data"]);
        Assert.Null(data["relationships"]!["line_items"]!["data"]!.AsArray()[0]!["attributes"]);

        var plain = (await GetAsync($"/api/orders/{order.OrderId}", token)).Body!;
        Assert.Null(plain["included"]);
        Assert.False(plain["data"]!["relationships"]!["line_items"]!.AsObject().ContainsKey("data"));
        Assert.Equal(HttpStatusCode.NotFound, (await GetAsync("/api/orders/nope", token)).Status);
    }

    [Fact]
    public void Every_generated_order_is_internally_consistent()
    {
        var traffic = new CommerceLayerTraffic(_simulator, seed: 9);
        for (var i = 0; i < 80; i++)
        {
            traffic.Step();
        }

        var kinds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var expected in traffic.Expected)
        {
            var doc = JsonNode.Parse(_simulator.Document("orders", expected.OrderId, "line_items,returns.return_line_items.line_item,refunds")!)!;
            var a = doc["data"]!["attributes"]!;
            var included = doc["included"]?.AsArray() ?? [];
            static long C(JsonNode n, string name) => (long)n[name + "_cents"]!;
            var lines = included.Where(r => (string)r!["type"]! == "line_items").Select(r => r!["attributes"]!).ToList();
            long Sum(Func<JsonNode, bool> which) => lines.Where(which).Sum(l => C(l, "total_amount"));
            static bool Is(JsonNode line, string type) => (string)line["item_type"]! == type;
            var products = lines.Where(l => Is(l, "skus")).ToList();
            var bought = Sum(l => Is(l, "gift_cards") && C(l, "total_amount") > 0);
            Assert.Equal(products.Sum(l => C(l, "total_amount")), C(a, "subtotal_amount"));
            Assert.Equal(Sum(l => Is(l, "shipments")), C(a, "shipping_amount"));
            Assert.Equal(Sum(l => Is(l, "payment_methods")), C(a, "payment_method_amount"));
            Assert.Equal(Sum(l => Is(l, "adjustments")), C(a, "adjustment_amount"));
            Assert.Equal(Sum(l => ((string)l["item_type"]!).EndsWith("_promotions", StringComparison.Ordinal)), C(a, "discount_amount"));
            Assert.Equal(Sum(l => Is(l, "gift_cards") && C(l, "total_amount") < 0), C(a, "gift_card_amount"));
            Assert.All(lines, l => Assert.Equal(C(l, "unit_amount") * (int)l["quantity"]!, C(l, "total_amount")));
            // A product's discount is its promotions plus its share of a redeemed gift card, as its breakdown says.
            Assert.All(products, l => Assert.Equal(C(l, "discount"), l["discount_breakdown"]!.AsObject().Sum(s => (long)s.Value!["cents"]!)));
            Assert.Equal(C(a, "discount_amount") + C(a, "gift_card_amount"), products.Sum(l => C(l, "discount")));
            var taxExcluded = !(bool)a["tax_included"]!;
            Assert.Equal(
                C(a, "subtotal_amount") + C(a, "shipping_amount") + C(a, "payment_method_amount") + C(a, "discount_amount") + C(a, "adjustment_amount") + bought + (taxExcluded ? C(a, "total_tax_amount") : 0),
                C(a, "total_amount"));
            Assert.Equal(C(a, "total_amount") + C(a, "gift_card_amount"), C(a, "total_amount_with_taxes"));
            Assert.Equal(expected.Total, C(a, "total_amount") - bought);
            Assert.Equal(expected.Currency, (string)a["currency_code"]!);

            // A received return gives back all units of a product at what was paid for them.
            var byId = included.Where(r => (string)r!["type"]! == "line_items").ToDictionary(r => (string)r!["id"]!, r => r!["attributes"]!);
            foreach (var rli in included.Where(r => (string)r!["type"]! == "return_line_items"))
            {
                var sold = byId[(string)rli!["relationships"]!["line_item"]!["data"]!["id"]!];
                Assert.Equal((int)sold["quantity"]!, (int)rli["attributes"]!["quantity"]!);
                Assert.Equal(C(sold, "total_amount") + C(sold, "discount"), C(rli["attributes"]!, "total_amount"));
            }

            var refunds = included.Where(r => (string)r!["type"]! == "refunds").Sum(r => (long)r!["attributes"]!["amount_cents"]!);
            Assert.True(refunds <= expected.Returned && expected.Returned <= expected.Total, $"order {expected.OrderId}: refunds {refunds}, returned {expected.Returned}, total {expected.Total}");
            kinds.UnionWith(lines.Select(l => (string)l["item_type"]!));
            if (refunds > 0)
            {
                kinds.Add("refund");
            }

            if (expected.Cancelled)
            {
                kinds.Add("cancelled");
            }
        }

        Assert.Contains(traffic.Expected, e => e.Currency == "EUR");
        Assert.Contains(traffic.Expected, e => e.Currency == "USD");
        Assert.Contains(traffic.Expected, e => e.Returns > 0);
        Assert.Superset(new HashSet<string> { "skus", "shipments", "payment_methods", "adjustments", "gift_cards", "percentage_discount_promotions", "refund", "cancelled" }, kinds);
    }

    [Fact]
    public void An_edit_before_approval_changes_the_order_and_its_totals_and_then_approves_it()
    {
        var traffic = new CommerceLayerTraffic(_simulator, seed: 2);
        var placed = traffic.PlaceOrderAwaitingApproval();
        var before = JsonNode.Parse(_simulator.Document("orders", placed.OrderId)!)!["data"]!["attributes"]!;
        Assert.Equal("placed", (string)before["status"]!);
        Assert.Null(before["approved_at"]);

        var edited = traffic.EditAndApprove(placed.OrderId);

        var after = JsonNode.Parse(_simulator.Document("orders", placed.OrderId)!)!["data"]!["attributes"]!;
        Assert.Equal("approved", (string)after["status"]!);
        Assert.NotNull(after["approved_at"]);
        Assert.True(edited.Total > placed.Total, "one more unit costs more");
        Assert.True((long)after["subtotal_amount_cents"]! > (long)before["subtotal_amount_cents"]!);
        Assert.Throws<InvalidOperationException>(() => traffic.EditAndApprove(placed.OrderId));
    }
}
