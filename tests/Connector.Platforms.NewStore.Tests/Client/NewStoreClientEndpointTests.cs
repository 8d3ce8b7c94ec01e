using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Platforms.NewStore.Client;

namespace Connector.Platforms.NewStore.Tests.Client;

/// <summary>
/// Contract tests of every endpoint on WireMock.Net: the exact request (golden files under <c>Client/Golden</c>, see
/// <see cref="NewStoreGoldenRequest"/>) and how the answer is read.
/// </summary>
public sealed class NewStoreClientEndpointTests : IAsyncDisposable
{
    private const string OrderId = "9c265ffa-5149-4ad7-8b7d-d59346586877";

    private readonly NewStoreStub newStore = new();

    public async ValueTask DisposeAsync() => await newStore.DisposeAsync();

    private static string Golden(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Client", "Golden", name));

    [Fact]
    public async Task GetOrderAsync_asks_for_a_client_credentials_token_then_posts_the_order_query_with_it()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(Golden("graphql-order.response.json")));

        await newStore.Client.GetOrderAsync(OrderId, CancellationToken.None);

        Assert.Equal([NewStoreStub.TokenPath, NewStoreStub.QueryPath], newStore.Requests.Select(request => request.AbsolutePath));
        NewStoreGoldenRequest.AssertMatches("token", newStore.Requests[0]);
        NewStoreGoldenRequest.AssertMatches("graphql-order", newStore.Requests[1]);
    }

    [Fact]
    public async Task GetOrderAsync_converts_the_GraphQL_order_to_the_events_order_document()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(Golden("graphql-order.response.json")));

        var order = await newStore.Client.GetOrderAsync(OrderId, CancellationToken.None);

        NewStoreGoldenRequest.AssertMatches("graphql-order.expected.json", JsonNode.Parse(JsonSerializer.Serialize(order!, NewStoreJsonContext.Default.NewStoreOrder))!);

        // Spelled out what the golden file holds that matters most: UTC from an offset-less time, exact decimals
        // (one written as a string), absent amounts as 0, the service level from the fulfilment request.
        Assert.Equal(new DateTimeOffset(2020, 12, 1, 18, 41, 6, 110, TimeSpan.Zero), order!.PlacedAt);
        Assert.Equal((116m, 11.6m, 113.3m, "USD"), (order.Subtotal, order.DiscountTotal, order.GrandTotal, order.Currency));
        Assert.Equal([58m, 58m], order.Items.Select(item => item.ListPrice));
        Assert.Equal([0m, 0m], order.Items.Select(item => item.ItemDiscounts));
        Assert.Equal(["IN_STORE_HANDOVER", null], order.Items.Select(item => item.ShippingServiceLevel));
        Assert.Equal("WELCOME10", Assert.Single(order.Discounts!).CouponCode);
    }

    [Fact]
    public async Task GetOrderAsync_is_null_when_GraphQL_has_no_such_order_yet()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok("""{"data": {"order": null}}"""));

        Assert.Null(await newStore.Client.GetOrderAsync(OrderId, CancellationToken.None));
    }

    [Theory]
    [InlineData("""{"data": {"order": null}, "errors": [{"message": "Order not found", "extensions": {"code": "not_found"}}]}""")]
    [InlineData("""{"data": null, "errors": [{"message": "no order 9c26", "error_code": "NOT_FOUND"}]}""")]
    public async Task GetOrderAsync_is_null_when_every_GraphQL_error_is_not_found(string answer)
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(answer));

        Assert.Null(await newStore.Client.GetOrderAsync(OrderId, CancellationToken.None));
    }

    [Fact]
    public async Task GetOrderAsync_fails_permanently_with_every_GraphQL_error_message()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok("""
            {"data": null, "errors": [
              {"message": "Cannot query field \"grandTotal\" on type \"Order\".", "extensions": {"code": "GRAPHQL_VALIDATION_FAILED"}},
              {"message": "Cannot query field \"priceMethod\" on type \"Order\"."}]}
            """));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.Client.GetOrderAsync(OrderId, CancellationToken.None));

        Assert.Equal(
            $"NewStore answered 200: GRAPHQL_VALIDATION_FAILED: GraphQL order({OrderId}): Cannot query field \"grandTotal\" on type \"Order\".; Cannot query field \"priceMethod\" on type \"Order\".",
            error.Message);
        Assert.False(error.IsTransient);
        Assert.Single(newStore.ApiRequests);
    }

    [Fact]
    public async Task GetOrderAsync_reads_the_GraphQL_errors_of_a_400_and_does_not_retry_it()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Json(400, """{"errors": [{"message": "Syntax Error: Expected Name, found <EOF>.", "extensions": {"code": "GRAPHQL_PARSE_FAILED"}}]}"""));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.Client.GetOrderAsync(OrderId, CancellationToken.None));

        Assert.Equal("NewStore answered 400: GRAPHQL_PARSE_FAILED: Syntax Error: Expected Name, found <EOF>.", error.Message);
        Assert.Equal(("GRAPHQL_PARSE_FAILED", false), (error.ErrorCode, error.IsTransient));
        Assert.Single(newStore.ApiRequests);
    }

    [Theory]
    [InlineData("""{"data": {"order": {"id": "O1", "currency": "USD", "subtotal": 1, "items": {"nodes": []}}}}""", "order O1 has no grandTotal.")]
    [InlineData("""{"data": {"order": {"id": "O1", "subtotal": 1, "grandTotal": 1}}}""", "order O1 has no currency.")]
    [InlineData("""{"data": {"order": {"id": "O1", "currency": "USD", "subtotal": 1, "grandTotal": 1, "items": {"nodes": [{"id": "I1", "productId": "P"}]}}}}""", "item I1 of order O1 has no listPrice.")]
    [InlineData("""{"data": {"order": {"id": "O1", "currency": "USD", "subtotal": 1, "grandTotal": 1, "placedAt": "yesterday"}}}""", "placedAt of order O1 is not a date and time: 'yesterday'.")]
    [InlineData("""{"errors": []}""", "the answer has neither data nor errors")]
    public async Task GetOrderAsync_refuses_an_order_without_the_money_it_needs_naming_the_field(string answer, string reason)
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(answer));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.EndsWith(reason, error.Message, StringComparison.Ordinal);
        Assert.StartsWith("NewStore answered 200: POST api/v1/org/data/query: the answer could not be read: ", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task ListAsync_reads_the_docs_sample_of_list_integrations()
    {
        var sample = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shared", "eventstream-config.list-integrations.response-200.docs-sample.json"));
        newStore.Answer("GET", NewStoreStub.EventStreamPath, NewStoreStub.Ok(sample));

        var integrations = await newStore.EventStream.ListAsync(CancellationToken.None);

        NewStoreGoldenRequest.AssertMatches("list-integrations", newStore.ApiRequests[0]);
        Assert.Equal(
            [("erp-netsuite-integration-001", "running", "permanent"), ("erp-netsuite-integration-002", "running", "permanent"), ("sap-integration-001", "stopped", "temporary"), ("sap-s3-integration-002", "stopped", "permanent")],
            integrations.Select(i => (i.Id, i.Status!, i.IntegrationType!)));
        Assert.Equal((new DateTimeOffset(2019, 1, 17, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2019, 2, 21, 23, 59, 0, TimeSpan.Zero)), (integrations[2].StartsAt!.Value, integrations[2].EndsAt!.Value));
    }

    [Fact]
    public async Task GetAsync_reads_one_integration_and_is_null_for_resource_not_found()
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/leat-connector", NewStoreStub.Ok(NewStoreStub.Integration("leat-connector", "running")));
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/gone", NewStoreStub.Error(404, "resource_not_found", "Integration gone not found"));
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/gone-400", NewStoreStub.Error(400, "resource_not_found", "Integration gone-400 not found"));

        var found = await newStore.EventStream.GetAsync("leat-connector", CancellationToken.None);

        NewStoreGoldenRequest.AssertMatches("get-integration", newStore.ApiRequests[0]);
        Assert.Equal(("leat-connector", "running", NewStoreStub.WebhookUrl), (found!.Id, found.Status, found.CallbackParameters!.CallbackUrl));
        Assert.Null(await newStore.EventStream.GetAsync("gone", CancellationToken.None));
        Assert.Null(await newStore.EventStream.GetAsync("gone-400", CancellationToken.None));
    }

    [Fact]
    public async Task The_configuration_writes_send_exactly_the_documented_requests()
    {
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Empty(201));
        newStore.Answer("PATCH", NewStoreStub.EventStreamPath + "/leat-connector", NewStoreStub.Empty(200));
        newStore.Answer("POST", NewStoreStub.EventStreamPath + "/leat-connector/_start", NewStoreStub.Empty(204));
        newStore.Answer("POST", NewStoreStub.EventStreamPath + "/leat-connector/_stop", NewStoreStub.Empty(204));
        newStore.Answer("DELETE", NewStoreStub.EventStreamPath + "/leat-connector", NewStoreStub.Empty(204));
        var callback = new NewStoreCallbackParameters { CallbackUrl = NewStoreStub.WebhookUrl, ApiKey = NewStoreStub.ApiKey };
        var filter = new NewStoreFilterConditions { EventFilter = ["order.opened", "return.processed"] };

        await newStore.EventStream.RegisterAsync(new NewStoreIntegration { Id = "leat-connector", IntegrationType = NewStoreIntegration.Permanent, CallbackParameters = callback, FilterConditions = filter }, CancellationToken.None);
        await newStore.EventStream.UpdateAsync("leat-connector", new NewStoreIntegrationUpdate { CallbackParameters = callback, FilterConditions = filter }, CancellationToken.None);
        await newStore.EventStream.StartAsync("leat-connector", CancellationToken.None);
        await newStore.EventStream.StopAsync("leat-connector", CancellationToken.None);
        await newStore.EventStream.DeleteAsync("leat-connector", CancellationToken.None);

        var requests = newStore.ApiRequests;
        Assert.Equal(5, requests.Count);
        NewStoreGoldenRequest.AssertMatches("register-integration", requests[0]);
        NewStoreGoldenRequest.AssertMatches("update-integration", requests[1]);
        NewStoreGoldenRequest.AssertMatches("start-integration", requests[2]);
        NewStoreGoldenRequest.AssertMatches("stop-integration", requests[3]);
        NewStoreGoldenRequest.AssertMatches("delete-integration", requests[4]);
        Assert.Equal(1, newStore.TokenRequests);
    }
}
