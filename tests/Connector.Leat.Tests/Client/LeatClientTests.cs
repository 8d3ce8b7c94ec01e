using Connector.Leat.Client;
using Connector.Leat.Model;
using Connector.Sandbox.Leat;

namespace Connector.Leat.Tests.Client;

/// <summary>The client against the contract-enforcing Leat fake on loopback: real HTTP, real handlers, real errors.</summary>
public sealed class LeatClientTests
{
    private static readonly string Shop = LeatFakeOptions.DefaultShops[0].Uuid;

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task CreateAndProcessOrder_returns_the_stored_order_and_the_points_result()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = leat.Fake.AddContact("spongebob@bikinibottom.sea");

        var outcome = await leat.Client.CreateAndProcessOrderAsync(Order("EXT-1", contact), Ct);

        Assert.Equal("EXT-1", outcome.Order.ExternalIdentifier);
        Assert.False(string.IsNullOrEmpty(outcome.Order.Uuid));
        Assert.Equal(3000, outcome.Order.TotalOrderAmount);
        Assert.True(outcome.Result!.IsPointsTransaction);
        Assert.Equal(30, outcome.Result.Data!.Points);
        Assert.Equal(30, outcome.Result.Data.NewBalance);
        var request = Assert.Single(leat.Fake.Requests);
        Assert.Equal(("POST", "/api/v3/oauth/clients/orders/create-and-process"), (request.Method, request.Path));
        Assert.True(request.Authorized);
        Assert.Equal("application/json", request.Accept);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Contains("\"external_identifier\":\"EXT-1\"", request.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_process_find_update_and_simulate_round_trip()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = leat.Fake.AddContact("a@example.com");

        var created = await leat.Client.CreateOrderAsync(Order("EXT-2", contact), Ct);
        var found = await leat.Client.FindOrderAsync("EXT-2", Ct);
        var result = await leat.Client.ProcessOrderAsync(created.Uuid, Ct);
        var updated = await leat.Client.UpdateOrderAsync(created.Uuid, new LeatOrderUpdate(LeatOrderStatus.Cancelled, null), Ct);
        var simulated = await leat.Client.SimulateOrderAsync(Order("EXT-SIM", contact), Ct);
        var missing = await leat.Client.FindOrderAsync("NOT-THERE", Ct);

        Assert.Equal(created.Uuid, found!.Uuid);
        Assert.Equal(30, result!.Data!.Points);
        Assert.Equal(LeatOrderStatus.Cancelled, updated.Status);
        Assert.Equal(LeatPaymentStatus.Paid, updated.PaymentStatus);
        Assert.True(simulated!.IsPointsTransaction);
        Assert.Equal(30, simulated.Data!.Points);
        Assert.Null(missing);
        Assert.Equal(
            ["POST /orders", "GET /orders/find", "POST /orders/" + created.Uuid + "/process", "PUT /orders/" + created.Uuid, "POST /orders/simulate", "GET /orders/find"],
            leat.Fake.Requests.Select(r => $"{r.Method} {r.Path["/api/v3/oauth/clients".Length..]}"));
        Assert.Equal("?external_identifier=NOT-THERE", leat.Fake.Requests[^1].QueryString);
    }

    [Fact]
    public async Task Returns_create_and_process_round_trip()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = leat.Fake.AddContact("b@example.com");
        await leat.Client.CreateAndProcessOrderAsync(Order("EXT-3", contact), Ct);

        var outcome = await leat.Client.CreateAndProcessReturnAsync(Return("EXT-3", "EXT-3-R1", quantity: 1, total: 1000), Ct);
        var created = await leat.Client.CreateReturnAsync(Return("EXT-3", "EXT-3-R2", quantity: 1, total: 1000), Ct);
        var processed = await leat.Client.ProcessReturnAsync(created.Uuid, Ct);

        Assert.False(string.IsNullOrEmpty(outcome.Return.Uuid));
        Assert.Single(outcome.Return.LineItemReturns!);
        Assert.Equal(-10, outcome.Result!.Data!.Points);
        Assert.Equal(-10, processed!.Data!.Points);
        Assert.Equal(10, leat.Fake.ContactBalance(contact));
    }

    [Fact]
    public async Task Contacts_and_shops_round_trip()
    {
        await using var leat = await LeatClientFixture.StartAsync();

        var contact = await leat.Client.FindOrCreateContactAsync("New.Customer@example.com", Ct);
        var again = await leat.Client.FindOrCreateContactAsync("new.customer@example.com", Ct);
        var shops = await leat.Client.ListShopsAsync(Ct);
        var shop = await leat.Client.GetShopAsync(Shop, Ct);
        var noShop = await leat.Client.GetShopAsync("00000000-0000-0000-0000-000000000000", Ct);

        Assert.Equal(contact.Uuid, again.Uuid);
        Assert.Equal("new.customer@example.com", contact.Email);
        Assert.Equal(LeatFakeOptions.DefaultShops.Select(s => s.Uuid), shops.Select(s => s.Uuid));
        Assert.Equal(LeatFakeOptions.DefaultShops[0].Name, shop!.Name);
        Assert.Null(noShop);
        Assert.Equal("?email=New.Customer%40example.com", leat.Fake.Requests[0].QueryString);
    }

    [Fact]
    public async Task Wrong_token_is_a_permanent_401_with_Leats_message()
    {
        await using var leat = await LeatClientFixture.StartAsync(options => options.ApiToken = "wrong-token");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ListShopsAsync(Ct));

        Assert.Equal(401, error.HttpStatus);
        Assert.Equal("Unauthenticated.", error.LeatMessage);
        Assert.Equal("Leat answered 401 (code 1001): Unauthenticated.", error.Message);
        Assert.False(error.IsTransient);
        Assert.Single(leat.Fake.Requests);
    }

    [Fact]
    public async Task Missing_token_fails_before_anything_is_sent()
    {
        await using var leat = await LeatClientFixture.StartAsync(options => options.ApiToken = null);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order("X", "c"), Ct));

        Assert.Equal("Leat call failed without an answer: No Leat personal access token is configured (Leat:ApiToken).", error.Message);
        Assert.False(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
        Assert.Empty(leat.Fake.Requests);
    }

    [Fact]
    public async Task Invalid_order_is_a_permanent_422_with_array_field_errors()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var order = Order("EXT-4", "no-such-contact");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(order, Ct));

        Assert.Equal((422, 1003), (error.HttpStatus, error.LeatCode));
        Assert.Equal(["The selected contact.uuid is invalid."], error.FieldErrors["contact.uuid"]);
        Assert.Equal("Leat answered 422 (code 1003): The given data was invalid. contact.uuid: The selected contact.uuid is invalid.", error.Message);
        Assert.False(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
        Assert.False(error.IsDuplicateExternalIdentifier);
    }

    [Fact]
    public async Task Duplicate_order_is_a_422_with_a_string_field_error_recognised_as_duplicate()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = leat.Fake.AddContact("c@example.com");
        await leat.Client.CreateAndProcessOrderAsync(Order("EXT-5", contact), Ct);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order("EXT-5", contact), Ct));

        Assert.Equal(422, error.HttpStatus);
        Assert.Equal(["The external identifier has already been taken."], error.FieldErrors["external_identifier"]);
        Assert.True(error.IsDuplicateExternalIdentifier);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Maintenance_503_is_transient_with_Retry_After_and_the_POST_is_not_retried()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = leat.Fake.AddContact("d@example.com");
        leat.Fake.FailNext(1, 503, TimeSpan.FromSeconds(120));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order("EXT-6", contact), Ct));

        Assert.Equal(503, error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
        Assert.Equal(TimeSpan.FromSeconds(120), error.RetryAfter);
        Assert.Equal(1, leat.Fake.CallCount("POST", "orders/create-and-process"));
        Assert.Empty(leat.Fake.Orders);
    }

    [Fact]
    public async Task Too_many_requests_429_is_transient()
    {
        await using var leat = await LeatClientFixture.StartAsync(options => options.GetRetries = 0);
        leat.Fake.FailNext(1, 429, TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ListShopsAsync(Ct));

        Assert.Equal((429, true, false), (error.HttpStatus, error.IsTransient, error.MayHaveTakenEffect));
        Assert.Equal(TimeSpan.FromSeconds(3), error.RetryAfter);
    }

    [Fact]
    public async Task Server_error_500_on_a_POST_is_transient_and_may_have_taken_effect()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        leat.Fake.FailNext(1, 500);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ProcessOrderAsync("any", Ct));

        Assert.Equal((500, true, true), (error.HttpStatus, error.IsTransient, error.MayHaveTakenEffect));
        Assert.Single(leat.Fake.Requests);
    }

    [Fact]
    public async Task Dropped_connection_after_commit_is_transient_and_may_have_taken_effect()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = leat.Fake.AddContact("e@example.com");
        leat.Fake.CommitThenDropNext(1);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order("EXT-7", contact), Ct));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);
        Assert.StartsWith("Leat call failed without an answer: POST orders/create-and-process: ", error.Message, StringComparison.Ordinal);
        Assert.Single(leat.Fake.Orders);
        Assert.Equal(1, leat.Fake.CallCount("POST", "orders/create-and-process"));
        Assert.NotNull(await leat.Client.FindOrderAsync("EXT-7", Ct));
    }

    [Fact]
    public async Task Timeout_is_transient_and_may_have_taken_effect_but_caller_cancellation_is_not_wrapped()
    {
        await using var leat = await LeatClientFixture.StartAsync(options => options.Timeout = TimeSpan.FromMilliseconds(300));
        var contact = leat.Fake.AddContact("f@example.com");
        leat.Fake.DelayNext(1, TimeSpan.FromSeconds(5));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order("EXT-8", contact), Ct));

        Assert.Equal("Leat call failed without an answer: POST orders/create-and-process: no answer within 0.3 s (Leat:Timeout)", error.Message);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);

        leat.Fake.DelayNext(1, TimeSpan.FromSeconds(5));
        using var caller = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        caller.CancelAfter(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leat.Client.ListShopsAsync(caller.Token));
    }

    [Fact]
    public async Task Connection_refused_is_transient_and_has_not_taken_effect()
    {
        await using var leat = await LeatClientFixture.StartAsync(options =>
        {
            options.BaseUrl = "http://127.0.0.1:1";
            options.GetRetries = 0;
        });

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order("EXT-9", "c"), Ct));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
    }

    [Fact]
    public async Task GET_is_retried_on_transient_errors_honouring_Retry_After_up_to_the_cap()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        leat.Fake.FailNext(2, 503, TimeSpan.FromSeconds(60));

        var shops = await leat.Client.ListShopsAsync(Ct);

        Assert.Equal(2, shops.Count);
        Assert.Equal([503, 503, 200], leat.Fake.Requests.Select(r => r.ResponseStatus));
        Assert.Equal(2, leat.Logs.Entries.Count(e => e.Contains("[2103]", StringComparison.Ordinal)));
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Retrying Leat GET shops in 200 ms (retry 1)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GET_gives_up_after_the_configured_retries()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        leat.Fake.FailNext(5, 502);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("g@example.com", Ct));

        Assert.Equal(502, error.HttpStatus);
        Assert.Equal(3, leat.Fake.CallCount("GET", "contacts/find-or-create"));
    }

    [Fact]
    public async Task GET_is_not_retried_on_permanent_errors()
    {
        await using var leat = await LeatClientFixture.StartAsync();

        await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("not-an-email", Ct));

        Assert.Single(leat.Fake.Requests);
    }

    [Fact]
    public async Task Token_and_emails_never_appear_in_logs()
    {
        await using var leat = await LeatClientFixture.StartAsync();
        var contact = await leat.Client.FindOrCreateContactAsync("secret.customer@example.com", Ct);
        await leat.Client.CreateAndProcessOrderAsync(Order("EXT-10", contact.Uuid), Ct);
        leat.Fake.FailNext(1, 500);
        await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order("EXT-11", contact.Uuid), Ct));
        await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order("EXT-12", "nobody"), Ct));

        Assert.NotEmpty(leat.Logs.Entries);
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Leat POST orders/create-and-process answered 200", StringComparison.Ordinal));
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Leat POST orders failed with 500", StringComparison.Ordinal));
        Assert.DoesNotContain(leat.Logs.Entries, e => e.Contains(leat.Fake.ApiToken, StringComparison.Ordinal));
        Assert.DoesNotContain(leat.Logs.Entries, e => e.Contains("secret.customer", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(leat.Logs.Entries, e => e.Contains("Bearer", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Bodies_are_logged_at_debug_only_when_switched_on_and_still_without_the_token()
    {
        await using var leat = await LeatClientFixture.StartAsync(options => options.LogBodies = true);
        var contact = leat.Fake.AddContact("h@example.com");

        await leat.Client.CreateAndProcessOrderAsync(Order("EXT-13", contact), Ct);

        Assert.Contains(leat.Logs.Entries, e => e.StartsWith("Debug", StringComparison.Ordinal) && e.Contains("\"external_identifier\":\"EXT-13\"", StringComparison.Ordinal));
        Assert.DoesNotContain(leat.Logs.Entries, e => e.Contains(leat.Fake.ApiToken, StringComparison.Ordinal));
    }

    private static LeatOrderRequest Order(string externalId, string contactUuid) => new()
    {
        ExternalIdentifier = externalId,
        Status = LeatOrderStatus.Completed,
        PaymentStatus = LeatPaymentStatus.Paid,
        Currency = "EUR",
        OrderAmount = 3000,
        TotalOrderAmount = 3000,
        Contact = new LeatUuidRef(contactUuid),
        BusinessProfile = new LeatUuidRef(Shop),
        LineItems =
        [
            new LeatLineItem { ExternalIdentifier = externalId + "-L1", Name = "Burger", Quantity = 2, Price = 1000, TotalAmount = 2000 },
            new LeatLineItem { ExternalIdentifier = externalId + "-L2", Name = "Shake", Quantity = 1, Price = 1000, TotalAmount = 1000 },
        ],
    };

    private static LeatOrderReturnRequest Return(string orderId, string returnId, decimal quantity, long total) => new()
    {
        Order = new LeatOrderReference(null, orderId),
        ExternalIdentifier = returnId,
        Status = LeatReturnStatus.Completed,
        LineItems = [new LeatReturnLineItem { ExternalIdentifier = orderId + "-L1", Quantity = quantity, TotalAmount = total }],
    };
}
