using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Model;
using Connector.Platforms.Square.Tests.Model;

namespace Connector.Platforms.Square.Tests.Client;

public sealed class SquareClientFailureTests : IAsyncLifetime
{
    private SquareTestServer server = null!;
    private SquareClientHarness harness = null!;

    public async Task InitializeAsync()
    {
        server = await SquareTestServer.StartAsync();
        harness = new SquareClientHarness(server.BaseAddress);
    }

    public async Task DisposeAsync()
    {
        await harness.DisposeAsync();
        await server.DisposeAsync();
    }

    [Fact]
    public async Task SquareClient_maps_errors_to_one_exception_and_does_not_retry_a_400()
    {
        server.Handler = request => new SquareTestReply(400, """
            {"errors": [{"category": "INVALID_REQUEST_ERROR", "code": "BAD_REQUEST", "detail": "Invalid cursor", "field": "cursor", "extra": 1}]}
            """);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.SearchOrdersAsync(["L1"], DateTimeOffset.UnixEpoch, null, "bad"));

        Assert.Equal("Square answered 400: INVALID_REQUEST_ERROR/BAD_REQUEST: Invalid cursor (cursor)", error.Message);
        Assert.Equal(400, error.HttpStatus);
        Assert.False(error.IsTransient);
        Assert.False(error.IsNotFound);
        Assert.Equal(new SquareError { Category = "INVALID_REQUEST_ERROR", Code = "BAD_REQUEST", Detail = "Invalid cursor", Field = "cursor" }, Assert.Single(error.Errors));
        Assert.Single(server.Requests);
        Assert.Empty(harness.Time.Delays);
    }

    [Fact]
    public async Task SquareClient_lists_every_error_and_tolerates_unknown_categories()
    {
        server.Handler = request => new SquareTestReply(403, """
            {"errors": [{"category": "AUTHENTICATION_ERROR", "code": "INSUFFICIENT_SCOPES", "detail": "needs ORDERS_READ"},
                        {"category": "SOMETHING_NEW", "code": "WHATEVER"}]}
            """);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square answered 403: AUTHENTICATION_ERROR/INSUFFICIENT_SCOPES: needs ORDERS_READ; SOMETHING_NEW/WHATEVER", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task RetrieveOrderAsync_throws_not_found_without_retrying_when_the_order_is_unknown()
    {
        server.Handler = request => new SquareTestReply(404, """
            {"errors": [{"category": "INVALID_REQUEST_ERROR", "code": "NOT_FOUND", "detail": "Order not found", "field": "order_id"}]}
            """);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.RetrieveOrderAsync("missing"));

        Assert.True(error.IsNotFound);
        Assert.False(error.IsTransient);
        Assert.Equal("Square answered 404: INVALID_REQUEST_ERROR/NOT_FOUND: Order not found (order_id)", error.Message);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task SquareClient_waits_as_long_as_Retry_After_says_after_a_429_and_then_succeeds()
    {
        var calls = 0;
        server.Handler = request => ++calls == 1
            ? new SquareTestReply(429, """{"errors": [{"category": "RATE_LIMIT_ERROR", "code": "RATE_LIMITED"}]}""", RetryAfter: "2")
            : SquareTestReply.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder));

        var order = await harness.Client.RetrieveOrderAsync("CAISENgvlJ6jLWAzERDzjyHVybY");

        Assert.Equal("CAISENgvlJ6jLWAzERDzjyHVybY", order.Id);
        Assert.Equal(2, server.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], harness.Time.Delays);
        Assert.Contains(harness.Logs.Entries, entry => entry.Contains("[5103] Retrying Square GET v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY in 2000 ms (retry 1) after: Square answered 429: RATE_LIMIT_ERROR/RATE_LIMITED", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SquareClient_caps_a_long_Retry_After_at_the_configured_maximum()
    {
        var calls = 0;
        server.Handler = request => ++calls == 1
            ? new SquareTestReply(429, """{"errors": [{"category": "RATE_LIMIT_ERROR", "code": "RATE_LIMITED"}]}""", RetryAfter: "3600")
            : SquareTestReply.Ok(SquareFixtures.Read(SquareFixtures.GetRefund));

        await harness.Client.GetPaymentRefundAsync("R1");

        Assert.Equal([TimeSpan.FromSeconds(5)], harness.Time.Delays);
    }

    [Fact]
    public async Task SquareClient_retries_a_500_with_capped_backoff_and_then_succeeds()
    {
        var calls = 0;
        server.Handler = request => ++calls <= 2
            ? new SquareTestReply(500, """{"errors": [{"category": "API_ERROR", "code": "INTERNAL_SERVER_ERROR", "detail": "boom"}]}""")
            : SquareTestReply.Ok(SquareFixtures.Read(SquareFixtures.Customer));

        var customer = await harness.Client.RetrieveCustomerAsync("C1");

        Assert.Equal("JDKYHBWT1D4F8MFH63DBMEN8Y4", customer!.Id);
        Assert.Equal(3, server.Requests.Count);

        // Base 200 ms doubling with jitter, never above the 5 s cap.
        Assert.Equal(2, harness.Time.Delays.Count);
        Assert.All(harness.Time.Delays, delay => Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task SquareClient_resends_the_same_body_when_it_retries_a_search()
    {
        var calls = 0;
        server.Handler = request => ++calls == 1
            ? new SquareTestReply(503, "<html><body>Service Unavailable</body></html>")
            : SquareTestReply.Ok("""{"orders": []}""");

        await harness.Client.SearchOrdersAsync(["L1"], DateTimeOffset.UnixEpoch, null, null);

        Assert.Equal(2, server.Requests.Count);
        Assert.Equal(server.Requests[0].Body, server.Requests[1].Body);
        Assert.Contains("location_ids", server.Requests[1].Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SquareClient_gives_up_transiently_after_the_configured_retries()
    {
        server.Handler = request => new SquareTestReply(502, "<html><body>Bad Gateway</body></html>");

        var error = await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square answered 502: HTTP 502 Bad Gateway", error.Message);
        Assert.True(error.IsTransient);
        Assert.Empty(error.Errors);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(3, harness.Time.Delays.Count);
    }

    [Fact]
    public async Task SquareClient_quotes_a_non_JSON_error_text_and_reports_an_unreadable_success_body()
    {
        server.Handler = request => request.Path.EndsWith("/text", StringComparison.Ordinal)
            ? new SquareTestReply(418, "short and stout")
            : SquareTestReply.Ok("{\"order\": [not json");

        var text = await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.RetrieveOrderAsync("text"));
        var unreadable = await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.RetrieveOrderAsync("broken"));

        Assert.Equal("Square answered 418: HTTP 418 I'm a teapot: short and stout", text.Message);
        Assert.StartsWith("Square answered 200: GET v2/orders/broken: unreadable answer (", unreadable.Message, StringComparison.Ordinal);
        Assert.False(unreadable.IsTransient);
    }

    [Fact]
    public async Task SquareClient_retries_when_no_connection_can_be_made()
    {
        var closed = await SquareTestServer.StartAsync();
        var address = closed.BaseAddress;
        await closed.DisposeAsync();
        await using var unreachable = new SquareClientHarness(address);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => unreachable.Client.RetrieveOrderAsync("O1"));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.StartsWith("Square call failed without an answer: GET v2/orders/O1: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(3, unreachable.Time.Delays.Count);
    }

    [Fact]
    public async Task SquareClient_retries_an_attempt_that_gets_no_answer_within_the_timeout()
    {
        await using var impatient = new SquareClientHarness(server.BaseAddress, timeout: "00:00:00.300");
        var stall = new TaskCompletionSource();
        server.StallNext = stall;
        server.Handler = request => SquareTestReply.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder));

        try
        {
            var order = await impatient.Client.RetrieveOrderAsync("CAISENgvlJ6jLWAzERDzjyHVybY");

            Assert.Equal("CAISENgvlJ6jLWAzERDzjyHVybY", order.Id);
            Assert.Equal(2, server.Requests.Count);
            Assert.Contains(impatient.Logs.Entries, entry => entry.Contains("[5102] Square GET v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY got no answer after", StringComparison.Ordinal)
                && entry.Contains("(no answer within 0.3 s)", StringComparison.Ordinal));
        }
        finally
        {
            stall.TrySetResult();
        }
    }

    [Fact]
    public async Task SquareClient_does_not_retry_when_the_caller_cancels()
    {
        var stall = new TaskCompletionSource();
        server.StallNext = stall;
        using var cancel = new CancellationTokenSource();
        try
        {
            var call = harness.Client.RetrieveOrderAsync("O1", cancel.Token);
            await server.Stalled.Task;

            await cancel.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Single(server.Requests);
            Assert.Empty(harness.Time.Delays);
        }
        finally
        {
            stall.TrySetResult();
        }
    }

    [Fact]
    public async Task BatchRetrieveOrdersAsync_keeps_the_orders_and_warns_about_errors_sent_next_to_them()
    {
        server.Handler = request => SquareTestReply.Ok("""
            {"orders": [{"id": "O1"}], "errors": [{"category": "INVALID_REQUEST_ERROR", "code": "NOT_FOUND", "detail": "O2"}]}
            """);

        var orders = await harness.Client.BatchRetrieveOrdersAsync("L1", ["O1", "O2"]);

        Assert.Equal("O1", Assert.Single(orders).Id);
        Assert.Contains(harness.Logs.Entries, entry => entry.Contains(
            "[5104] Square POST v2/orders/batch-retrieve answered 200 with errors next to the data (INVALID_REQUEST_ERROR/NOT_FOUND)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SquareClient_sends_nothing_and_says_which_key_is_missing_without_a_token()
    {
        await using var tokenless = new SquareClientHarness(server.BaseAddress, token: null);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => tokenless.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square call failed without an answer: no Square access token is configured (Square:AccessToken).", error.Message);
        Assert.False(error.IsTransient);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task SquareClient_is_refused_by_Square_with_a_wrong_token_or_version_as_a_permanent_error()
    {
        await using var wrongToken = new SquareClientHarness(server.BaseAddress, token: "not-the-token");
        await using var wrongVersion = new SquareClientHarness(server.BaseAddress, version: "2019-01-01");

        var unauthorized = await Assert.ThrowsAsync<SquareApiException>(() => wrongToken.Client.RetrieveOrderAsync("O1"));
        var badVersion = await Assert.ThrowsAsync<SquareApiException>(() => wrongVersion.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square answered 401: AUTHENTICATION_ERROR/UNAUTHORIZED: This request could not be authorized.", unauthorized.Message);
        Assert.Equal("Square answered 400: INVALID_REQUEST_ERROR/INVALID_SQUARE_VERSION_FORMAT: Square-Version '2019-01-01'", badVersion.Message);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task SquareClient_never_logs_the_token_or_customer_data()
    {
        var calls = 0;
        server.Handler = request => ++calls switch
        {
            1 => new SquareTestReply(500, """{"errors": [{"category": "API_ERROR", "code": "INTERNAL_SERVER_ERROR"}]}"""),
            2 => SquareTestReply.Ok(SquareFixtures.Read(SquareFixtures.Customer)),
            _ => new SquareTestReply(400, """{"errors": [{"category": "INVALID_REQUEST_ERROR", "code": "BAD_REQUEST", "detail": "nope"}]}"""),
        };

        await harness.Client.RetrieveCustomerAsync("JDKYHBWT1D4F8MFH63DBMEN8Y4");
        await Assert.ThrowsAsync<SquareApiException>(() => harness.Client.ListPaymentRefundsAsync(DateTimeOffset.UnixEpoch, null, "L1", null));

        Assert.Contains(harness.Logs.Entries, entry => entry.Contains("[5103]", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Entries, entry => entry.Contains("[5101]", StringComparison.Ordinal));
        Assert.Contains(harness.Logs.Entries, entry => entry.Contains("[5100] Square GET v2/customers/{id} answered 200", StringComparison.Ordinal));
        Assert.All(harness.Logs.Entries, entry =>
        {
            Assert.DoesNotContain(SquareTestServer.Token, entry, StringComparison.Ordinal);
            Assert.DoesNotContain("Amelia", entry, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("JDKYHBWT1D4F8MFH63DBMEN8Y4", entry, StringComparison.Ordinal);
        });
    }
}
