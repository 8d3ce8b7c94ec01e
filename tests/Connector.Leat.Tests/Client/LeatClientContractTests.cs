using Connector.Leat.Client;
using Connector.Leat.Model;

namespace Connector.Leat.Tests.Client;

/// <summary>The exact request of every endpoint (method, path, query, headers, body against its golden file), on WireMock.Net.</summary>
public sealed class LeatClientContractTests
{
    private const string OrderBody = """{"data":{"order":{"uuid":"o-1","external_identifier":"EXT-1"},"result":{"type":"POINTS_TRANSACTION","data":{"points":30}}}}""";
    private const string ReturnBody = """{"data":{"return":{"uuid":"r-1"},"result":{"type":"POINTS_TRANSACTION","data":{"points":-10}}}}""";
    private const string ResultBody = """{"data":{"type":"POINTS_TRANSACTION","data":{"points":30}}}""";

    private static CancellationToken Ct => CancellationToken.None;

    public static TheoryData<string> Endpoints =>
    [
        "create-and-process-order", "create-order", "process-order", "find-order", "update-order", "simulate-order",
        "create-and-process-return", "create-return", "process-return", "find-or-create-contact", "list-shops", "get-shop",
    ];

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Each_endpoint_sends_the_exact_request_and_reads_its_answer(string endpoint)
    {
        var (method, path, query, answer, golden, call, read) = Case(endpoint);
        using var leat = LeatWireMock.Start();
        leat.Answer(method, path, 200, answer);

        var result = await call(leat.Client);

        var request = Assert.Single(leat.Requests);
        Assert.Equal((method, LeatWireMock.Root + path, query), (request.Method, request.AbsolutePath, request.RawQuery ?? ""));
        Assert.Equal(["Bearer " + LeatWireMock.Token], request.Headers!["Authorization"]);
        Assert.Equal(["application/json"], request.Headers["Accept"]);
        if (golden is null)
        {
            Assert.True(string.IsNullOrEmpty(request.Body), $"{endpoint} sent a body: {request.Body}");
        }
        else
        {
            Assert.Equal(["application/json; charset=utf-8"], request.Headers["Content-Type"]);
            Assert.True(request.Headers.ContainsKey("Content-Length"), "bodies are sent buffered, with a Content-Length");
            LeatRequestGolden.AssertMatches(golden, request.Body);
        }

        Assert.Equal(read, result);
    }

    [Fact]
    public async Task Path_and_query_values_are_escaped()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("GET", "orders/find", 200, """{"data":{"uuid":"o-1"}}""");
        leat.Answer("POST", "orders/a/b?c/process", 200, ResultBody);

        await leat.Client.FindOrderAsync("square:A&B=C 1", Ct);
        var processed = await leat.Client.ProcessOrderAsync("a/b?c", Ct);

        Assert.Equal("?external_identifier=square%3AA%26B%3DC%201", leat.Requests[0].RawQuery);
        Assert.EndsWith("/orders/a%2Fb%3Fc/process", leat.Requests[1].Url, StringComparison.Ordinal);
        Assert.Equal("", leat.Requests[1].RawQuery ?? "");
        Assert.Equal(30, processed!.Data!.Points);
    }

    [Fact]
    public async Task A_404_is_null_where_the_seam_says_so()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("GET", "orders/find", 404, """{"status_code":404,"code":404,"message":"Not found."}""");
        leat.Answer("GET", "shops/s-9", 404, """{"status_code":404,"code":404,"message":"Not found."}""");

        Assert.Null(await leat.Client.FindOrderAsync("EXT-404", Ct));
        Assert.Null(await leat.Client.GetShopAsync("s-9", Ct));
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Leat GET orders/find answered 404", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"data":{"type":"POINTS_TRANSACTION","data":{"points":35,"new_balance":2267}}}""", 35L)]
    [InlineData("""{"data":{"result":{"type":"points_transaction","data":{"points":12}}}}""", 12L)]
    [InlineData("""{"data":{"result":null}}""", null)]
    [InlineData("""{"data":null}""", null)]
    [InlineData("""{"data":[]}""", null)]
    public async Task Process_result_reads_both_envelopes_and_empty_answers(string body, long? points)
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "order-returns/r-1/process", 200, body);

        var result = await leat.Client.ProcessReturnAsync("r-1", Ct);

        Assert.Equal(points, result?.Data?.Points);
    }

    private static (string Method, string Path, string Query, string Answer, string? Golden, Func<ILeatClient, Task<string?>> Call, string? Read) Case(string endpoint) =>
        endpoint switch
        {
            "create-and-process-order" => ("POST", "orders/create-and-process", "", OrderBody, "order",
                async c => { var o = await c.CreateAndProcessOrderAsync(Order(), Ct); return $"{o.Order.Uuid} {o.Result?.Data?.Points}"; }, "o-1 30"),
            "create-order" => ("POST", "orders", "", """{"data":{"uuid":"o-2"}}""", "order",
                async c => (await c.CreateOrderAsync(Order(), Ct)).Uuid, "o-2"),
            "process-order" => ("POST", "orders/o-1/process", "", ResultBody, null,
                async c => (await c.ProcessOrderAsync("o-1", Ct))?.Data?.Points.ToString(), "30"),
            "find-order" => ("GET", "orders/find", "?external_identifier=square%3AEXT-1", """{"data":{"uuid":"o-1"}}""", null,
                async c => (await c.FindOrderAsync("square:EXT-1", Ct))?.Uuid, "o-1"),
            "update-order" => ("PUT", "orders/o-1", "", """{"data":{"uuid":"o-1","status":"CANCELLED"}}""", "order-update",
                async c => (await c.UpdateOrderAsync("o-1", new LeatOrderUpdate(LeatOrderStatus.Cancelled, LeatPaymentStatus.Paid), Ct)).Status, "CANCELLED"),
            "simulate-order" => ("POST", "orders/simulate", "", """{"data":{"result":{"type":"POINTS_TRANSACTION","data":{"points":30}}}}""", "order",
                async c => (await c.SimulateOrderAsync(Order(), Ct))?.Data?.Points.ToString(), "30"),
            "create-and-process-return" => ("POST", "order-returns/create-and-process", "", ReturnBody, "return",
                async c => { var r = await c.CreateAndProcessReturnAsync(Return(), Ct); return $"{r.Return.Uuid} {r.Result?.Data?.Points}"; }, "r-1 -10"),
            "create-return" => ("POST", "order-returns", "", """{"data":{"uuid":"r-2"}}""", "return",
                async c => (await c.CreateReturnAsync(Return(), Ct)).Uuid, "r-2"),
            "process-return" => ("POST", "order-returns/r-1/process", "", ResultBody, null,
                async c => (await c.ProcessReturnAsync("r-1", Ct))?.Data?.Points.ToString(), "30"),
            "find-or-create-contact" => ("GET", "contacts/find-or-create", "?email=New.Customer%2Btag%40example.com",
                """{"data":{"uuid":"c-1","email":"new.customer+tag@example.com"}}""", null,
                async c => (await c.FindOrCreateContactAsync("New.Customer+tag@example.com", Ct)).Uuid, "c-1"),
            "list-shops" => ("GET", "shops", "", """{"data":[{"uuid":"s-1","name":"Bikini Bottom"},{"uuid":"s-2"}],"meta":[]}""", null,
                async c => string.Join(",", (await c.ListShopsAsync(Ct)).Select(s => s.Uuid)), "s-1,s-2"),
            "get-shop" => ("GET", "shops/s-1", "", """{"data":{"uuid":"s-1","name":"Bikini Bottom"}}""", null,
                async c => (await c.GetShopAsync("s-1", Ct))?.Name, "Bikini Bottom"),
            _ => throw new ArgumentOutOfRangeException(nameof(endpoint), endpoint, null),
        };

    private static LeatOrderRequest Order() => new()
    {
        ExternalIdentifier = "square:EXT-1",
        Status = LeatOrderStatus.Completed,
        PaymentStatus = LeatPaymentStatus.Paid,
        Currency = "EUR",
        OrderAmount = 3000,
        TotalOrderAmount = 3100,
        Contact = new LeatUuidRef("c-1"),
        BusinessProfile = new LeatUuidRef("s-1"),
        LineItems =
        [
            new LeatLineItem { ExternalIdentifier = "square:EXT-1:L1", Name = "Burger", Quantity = 2, Price = 1000, TotalAmount = 2000 },
            new LeatLineItem
            {
                ExternalIdentifier = "square:EXT-1:L2", Name = "Shake", Quantity = 1, Price = 1000, TotalAmount = 1000,
                SubLineItems = [new LeatSubLineItem { ExternalIdentifier = "square:EXT-1:L2:S1", Name = "Extra cream", Quantity = 1, Price = 0, TotalAmount = 0 }],
            },
        ],
        Charges = [new LeatCharge { ExternalIdentifier = "square:EXT-1:tip", Name = "Tip", TotalAmount = 100 }],
    };

    private static LeatOrderReturnRequest Return() => new()
    {
        Order = new LeatOrderReference(null, "square:EXT-1"),
        ExternalIdentifier = "square:RET-1",
        Status = LeatReturnStatus.Completed,
        LineItems = [new LeatReturnLineItem { ExternalIdentifier = "square:EXT-1:L1", Quantity = 1, TotalAmount = 1000 }],
    };
}
