using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Model;
using Connector.Platforms.Square.Tests.Model;
using System.Net;
using System.Net.Sockets;
using Polly.Timeout;
using WireMock.ResponseBuilders;

namespace Connector.Platforms.Square.Tests.Client;

/// <summary>
/// Every error class on WireMock.Net, attempts counted from its request log: 4xx permanent with Square's
/// <c>errors[]</c>, 408/429/5xx and lost answers transient and retried <c>Square:Client:MaxRetries</c> times (3 here),
/// <c>Retry-After</c> honoured up to <c>Square:Client:RetryMaxDelay</c> (5 s here). Waits are recorded, not slept.
/// </summary>
public sealed class SquareClientFailureTests : IAsyncDisposable
{
    private readonly SquareStub square = new();

    public async ValueTask DisposeAsync() => await square.DisposeAsync();

    [Theory]
    [InlineData(400, "INVALID_REQUEST_ERROR", "BAD_REQUEST", "Invalid cursor")]
    [InlineData(401, "AUTHENTICATION_ERROR", "UNAUTHORIZED", "This request could not be authorized.")]
    [InlineData(403, "AUTHENTICATION_ERROR", "INSUFFICIENT_SCOPES", "needs ORDERS_READ")]
    [InlineData(404, "INVALID_REQUEST_ERROR", "NOT_FOUND", "Order not found")]
    [InlineData(422, "INVALID_REQUEST_ERROR", "INVALID_VALUE", "Order id is not valid")]
    public async Task SquareClient_fails_permanently_with_squares_error_and_does_not_retry_a_4xx(int status, string category, string code, string detail)
    {
        square.Answer("GET", "/v2/orders/O1", SquareStub.Error(status, category, code, detail));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveOrderAsync("O1"));

        Assert.Equal($"Square answered {status}: {category}/{code}: {detail}", error.Message);
        Assert.Equal((status, false, status == 404), (error.HttpStatus, error.IsTransient, error.IsNotFound));
        Assert.Equal(new SquareError { Category = category, Code = code, Detail = detail }, Assert.Single(error.Errors));
        Assert.Single(square.Requests);
        Assert.Empty(square.Harness.Time.Delays);
    }

    [Fact]
    public async Task SquareClient_reads_every_field_of_every_error_and_tolerates_unknown_categories()
    {
        square.Answer("POST", "/v2/orders/search", SquareStub.Json(400, """
            {"errors": [{"category": "INVALID_REQUEST_ERROR", "code": "BAD_REQUEST", "detail": "Invalid cursor", "field": "cursor", "extra": 1},
                        {"category": "SOMETHING_NEW", "code": "WHATEVER"}]}
            """));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.SearchOrdersAsync(["L1"], DateTimeOffset.UnixEpoch, null, "bad"));

        Assert.Equal("Square answered 400: INVALID_REQUEST_ERROR/BAD_REQUEST: Invalid cursor (cursor); SOMETHING_NEW/WHATEVER", error.Message);
        Assert.Equal(new SquareError { Category = "INVALID_REQUEST_ERROR", Code = "BAD_REQUEST", Detail = "Invalid cursor", Field = "cursor" }, error.Errors[0]);
        Assert.Single(square.Requests);
    }

    [Theory]
    [InlineData(408, "INVALID_REQUEST_ERROR", "REQUEST_TIMEOUT")]
    [InlineData(429, "RATE_LIMIT_ERROR", "RATE_LIMITED")]
    [InlineData(500, "API_ERROR", "INTERNAL_SERVER_ERROR")]
    [InlineData(503, "API_ERROR", "SERVICE_UNAVAILABLE")]
    public async Task SquareClient_retries_a_transient_status_the_configured_number_of_times_and_then_fails_transiently(int status, string category, string code)
    {
        square.Answer("GET", "/v2/refunds/R1", SquareStub.Error(status, category, code, "try later"));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.GetPaymentRefundAsync("R1"));

        Assert.Equal($"Square answered {status}: {category}/{code}: try later", error.Message);
        Assert.Equal((status, true), (error.HttpStatus, error.IsTransient));
        Assert.Equal(4, square.Requests.Count);

        // Exponential back-off from 200 ms with jitter, each wait under the 5 s cap.
        Assert.Equal(3, square.Harness.Time.Delays.Count);
        Assert.All(square.Harness.Time.Delays, delay => Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)));
        Assert.Equal(3, square.Harness.Logs.Entries.Count(entry => entry.Contains($"[5103] Retrying Square GET v2/refunds/R1 in", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SquareClient_waits_as_long_as_Retry_After_says_after_a_429_and_then_succeeds()
    {
        square.Answer(
            "GET",
            "/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY",
            SquareStub.Error(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", retryAfter: "2"),
            SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder)));

        var order = await square.Client.RetrieveOrderAsync("CAISENgvlJ6jLWAzERDzjyHVybY");

        Assert.Equal("CAISENgvlJ6jLWAzERDzjyHVybY", order.Id);
        Assert.Equal(2, square.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(2)], square.Harness.Time.Delays);
        Assert.Contains(square.Harness.Logs.Entries, entry => entry.Contains(
            "[5101] Square GET v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY failed with 429 (RATE_LIMIT_ERROR/RATE_LIMITED)", StringComparison.Ordinal));
        Assert.Contains(square.Harness.Logs.Entries, entry => entry.Contains(
            "[5103] Retrying Square GET v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY in 2000 ms (retry 1) after: HTTP 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SquareClient_caps_a_long_Retry_After_at_the_configured_maximum()
    {
        square.Answer(
            "GET",
            "/v2/refunds/R1",
            SquareStub.Error(429, "RATE_LIMIT_ERROR", "RATE_LIMITED", retryAfter: "3600"),
            SquareStub.Ok(SquareFixtures.Read(SquareFixtures.GetRefund)));

        await square.Client.GetPaymentRefundAsync("R1");

        Assert.Equal([TimeSpan.FromSeconds(5)], square.Harness.Time.Delays);
        Assert.Equal(2, square.Requests.Count);
    }

    [Fact]
    public async Task SquareClient_retries_a_500_with_capped_backoff_and_then_succeeds()
    {
        square.Answer(
            "GET",
            "/v2/customers/C1",
            SquareStub.Error(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "boom"),
            SquareStub.Error(500, "API_ERROR", "INTERNAL_SERVER_ERROR", "boom"),
            SquareStub.Ok(SquareFixtures.Read(SquareFixtures.Customer)));

        var customer = await square.Client.RetrieveCustomerAsync("C1");

        Assert.Equal("JDKYHBWT1D4F8MFH63DBMEN8Y4", customer!.Id);
        Assert.Equal(3, square.Requests.Count);
        Assert.Equal(2, square.Harness.Time.Delays.Count);
        Assert.All(square.Harness.Time.Delays, delay => Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task SquareClient_resends_the_same_body_when_it_retries_a_search()
    {
        square.Answer(
            "POST",
            "/v2/orders/search",
            SquareStub.Html(503, "<html><body>Service Unavailable</body></html>"),
            SquareStub.Ok("""{"orders": []}"""));

        await square.Client.SearchOrdersAsync(["L1"], DateTimeOffset.UnixEpoch, null, null);

        Assert.Equal(2, square.Requests.Count);
        Assert.Equal(square.Requests[0].Body, square.Requests[1].Body);
        Assert.Contains("location_ids", square.Requests[1].Body!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SquareClient_gives_up_transiently_after_the_configured_retries_with_the_status_line_of_an_HTML_page()
    {
        square.Answer("GET", "/v2/orders/O1", SquareStub.Html(502, "<html><body>Bad Gateway</body></html>"));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square answered 502: HTTP 502 Bad Gateway", error.Message);
        Assert.True(error.IsTransient);
        Assert.Empty(error.Errors);
        Assert.Equal(4, square.Requests.Count);
        Assert.Equal(3, square.Harness.Time.Delays.Count);
    }

    [Fact]
    public async Task SquareClient_quotes_a_non_JSON_error_text()
    {
        square.Answer("GET", "/v2/orders/text", Response.Create().WithStatusCode(418).WithBody("short and stout"));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveOrderAsync("text"));

        Assert.Equal("Square answered 418: HTTP 418 I'm a teapot: short and stout", error.Message);
        Assert.False(error.IsTransient);
    }

    [Theory]
    [InlineData("{\"order\": [not json")]
    [InlineData("null")]
    public async Task SquareClient_fails_permanently_without_retrying_on_an_unreadable_200(string body)
    {
        square.Answer("GET", "/v2/orders/broken", SquareStub.Ok(body));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveOrderAsync("broken"));

        Assert.StartsWith(body == "null" ? "Square answered 200: GET v2/orders/broken: empty answer" : "Square answered 200: GET v2/orders/broken: unreadable answer (", error.Message, StringComparison.Ordinal);
        Assert.Equal((200, false), (error.HttpStatus, error.IsTransient));
        Assert.Single(square.Requests);
    }

    [Theory]
    [InlineData(FaultType.EMPTY_RESPONSE, "Square answered 200: GET v2/orders/O1: empty answer")]
    [InlineData(FaultType.MALFORMED_RESPONSE_CHUNK, "Square answered 200: GET v2/orders/O1: unreadable answer (")]
    public async Task SquareClient_fails_permanently_without_retrying_on_WireMocks_empty_or_garbled_200(FaultType fault, string message)
    {
        // WireMock.Net's faults keep the connection: they answer 200 with an empty or half-garbage body.
        square.Answer("GET", "/v2/orders/O1", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder)).WithFault(fault));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => square.Client.RetrieveOrderAsync("O1"));

        Assert.StartsWith(message, error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(square.Requests);
    }

    [Fact]
    public async Task SquareClient_retries_when_the_connection_drops_before_the_answer()
    {
        // WireMock.Net cannot drop a connection (see above), so a bare socket takes each request and hangs up.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        var hangUp = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
                await socket.ReceiveAsync(new byte[4096], SocketFlags.None);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        });
        await using var dropping = new SquareClientHarness(new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/"));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => dropping.Client.RetrieveOrderAsync("O1"));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.StartsWith("Square call failed without an answer: GET v2/orders/O1: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(4, accepted);
        Assert.Equal(3, dropping.Time.Delays.Count);
    }

    [Fact]
    public async Task SquareClient_retries_when_no_connection_can_be_made()
    {
        var closed = new SquareStub();
        var address = closed.BaseAddress;
        await closed.DisposeAsync();
        await using var unreachable = new SquareClientHarness(address);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => unreachable.Client.RetrieveOrderAsync("O1"));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.StartsWith("Square call failed without an answer: GET v2/orders/O1: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(3, unreachable.Time.Delays.Count);
        Assert.Equal(4, unreachable.Logs.Entries.Count(entry => entry.Contains("[5102] Square GET v2/orders/O1 got no answer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task SquareClient_retries_an_attempt_that_gets_no_answer_within_Square_Client_Timeout_and_then_fails_transiently()
    {
        await using var impatient = new SquareStub(maxRetries: 1, timeout: "00:00:00.300");
        impatient.Answer("GET", "/v2/orders/O1", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder)).WithDelay(TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => impatient.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square call failed without an answer: GET v2/orders/O1: no answer within 0.3 s (Square:Client:Timeout)", error.Message);
        Assert.True(error.IsTransient);
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Single(impatient.Harness.Time.Delays);
        Assert.Contains(impatient.Harness.Logs.Entries, entry => entry.Contains("[5103] Retrying Square GET v2/orders/O1 in", StringComparison.Ordinal)
            && entry.Contains("00:00:00.3", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SquareClient_stops_retrying_at_Square_Client_TotalTimeout()
    {
        await using var impatient = new SquareStub(maxRetries: 10, timeout: "00:00:00.300", totalTimeout: "00:00:00.800");
        impatient.Answer("GET", "/v2/orders/O1", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder)).WithDelay(TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<SquareApiException>(() => impatient.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square call failed without an answer: GET v2/orders/O1: no answer within 0.8 s (Square:Client:TotalTimeout)", error.Message);
        Assert.True(error.IsTransient);
        // Attempts of 0.3 s (back-offs skipped by the recording clock) fit two or three times in 0.8 s; without the
        // total timeout all eleven would be sent.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.InRange(impatient.Requests.Count, 1, 3);
    }

    [Fact]
    public async Task SquareClient_succeeds_when_only_the_first_attempt_is_too_slow()
    {
        await using var impatient = new SquareStub(timeout: "00:00:00.300");
        // A scenario moves on only once its answer is sent, so the slow first answer is a counter, not a state.
        var attempts = 0;
        impatient.Answer("GET", "/v2/orders/CAISENgvlJ6jLWAzERDzjyHVybY", Response.Create().WithStatusCode(200).WithBody(async _ =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }

            return SquareFixtures.Read(SquareFixtures.SaleOrder);
        }));

        var order = await impatient.Client.RetrieveOrderAsync("CAISENgvlJ6jLWAzERDzjyHVybY");

        Assert.Equal("CAISENgvlJ6jLWAzERDzjyHVybY", order.Id);
        Assert.Equal(2, attempts);
        Assert.Single(impatient.Harness.Time.Delays);
    }

    [Fact]
    public async Task SquareClient_does_not_retry_when_the_caller_cancels()
    {
        square.Answer("GET", "/v2/orders/O1", SquareStub.Ok(SquareFixtures.Read(SquareFixtures.SaleOrder)).WithDelay(TimeSpan.FromSeconds(5)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => square.Client.RetrieveOrderAsync("O1", cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Empty(square.Harness.Time.Delays);
        Assert.DoesNotContain(square.Harness.Logs.Entries, entry => entry.Contains("[5103]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task BatchRetrieveOrdersAsync_keeps_the_orders_and_warns_about_errors_sent_next_to_them()
    {
        square.Answer("POST", "/v2/orders/batch-retrieve", SquareStub.Ok("""
            {"orders": [{"id": "O1"}], "errors": [{"category": "INVALID_REQUEST_ERROR", "code": "NOT_FOUND", "detail": "O2"}]}
            """));

        var orders = await square.Client.BatchRetrieveOrdersAsync("L1", ["O1", "O2"]);

        Assert.Equal("O1", Assert.Single(orders).Id);
        Assert.Contains(square.Harness.Logs.Entries, entry => entry.Contains(
            "[5104] Square POST v2/orders/batch-retrieve answered 200 with errors next to the data (INVALID_REQUEST_ERROR/NOT_FOUND)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SquareClient_sends_nothing_and_says_which_key_is_missing_without_a_token()
    {
        await using var tokenless = new SquareClientHarness(square.BaseAddress, token: null);

        var error = await Assert.ThrowsAsync<SquareApiException>(() => tokenless.Client.RetrieveOrderAsync("O1"));

        Assert.Equal("Square call failed without an answer: no Square access token is configured (Square:AccessToken).", error.Message);
        Assert.False(error.IsTransient);
        Assert.Empty(square.Requests);
        Assert.Empty(tokenless.Time.Delays);
    }

    [Fact]
    public async Task SquareClient_never_logs_the_token_or_customer_data()
    {
        square.Answer(
            "GET",
            "/v2/customers/JDKYHBWT1D4F8MFH63DBMEN8Y4",
            SquareStub.Error(500, "API_ERROR", "INTERNAL_SERVER_ERROR"),
            SquareStub.Ok(SquareFixtures.Read(SquareFixtures.Customer)));
        square.Answer("GET", "/v2/refunds", SquareStub.Error(400, "INVALID_REQUEST_ERROR", "BAD_REQUEST", "nope"));

        await square.Client.RetrieveCustomerAsync("JDKYHBWT1D4F8MFH63DBMEN8Y4");
        await Assert.ThrowsAsync<SquareApiException>(() => square.Client.ListPaymentRefundsAsync(DateTimeOffset.UnixEpoch, null, "L1", null));

        Assert.Contains(square.Harness.Logs.Entries, entry => entry.Contains("[5103] Retrying Square GET v2/customers/{id}", StringComparison.Ordinal));
        Assert.Contains(square.Harness.Logs.Entries, entry => entry.Contains("[5101] Square GET v2/refunds failed with 400", StringComparison.Ordinal));
        Assert.Contains(square.Harness.Logs.Entries, entry => entry.Contains("[5100] Square GET v2/customers/{id} answered 200", StringComparison.Ordinal));
        Assert.All(square.Harness.Logs.Entries, entry =>
        {
            Assert.DoesNotContain(SquareClientHarness.Token, entry, StringComparison.Ordinal);
            Assert.DoesNotContain("Amelia", entry, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("JDKYHBWT1D4F8MFH63DBMEN8Y4", entry, StringComparison.Ordinal);
            Assert.DoesNotContain("location_id=L1", entry, StringComparison.Ordinal);
        });
    }
}
