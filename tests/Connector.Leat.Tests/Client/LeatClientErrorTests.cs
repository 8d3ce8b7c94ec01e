using System.Net.Http.Headers;
using Connector.Http;
using Connector.Leat.Client;
using Connector.Leat.Model;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;

namespace Connector.Leat.Tests.Client;

/// <summary>Every class of answer Leat (or what stands in front of it) can give, and the <see cref="LeatApiException"/> it becomes.</summary>
public sealed class LeatClientErrorTests
{
    private static CancellationToken Ct => CancellationToken.None;

    [Theory]
    [InlineData(400, 1000, "Bad request.")]
    [InlineData(401, 1001, "Unauthenticated.")]
    [InlineData(403, 1002, "This action is unauthorized.")]
    [InlineData(404, 404, "Order not found.")]
    [InlineData(422, 1003, "The given data was invalid.")]
    public async Task Client_errors_are_permanent_with_Leats_message_and_field_errors(int status, int code, string message)
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "orders/create-and-process", status,
            $$$"""{"status_code":{{{status}}},"code":{{{code}}},"message":"{{{message}}}","errors":{"line_items.0.price":["The price must be an integer."],"external_identifier":"The external identifier has already been taken."}}""");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order(), Ct));

        Assert.Equal((status, code, message), (error.HttpStatus, error.LeatCode, error.LeatMessage));
        Assert.Equal(
            $"Leat answered {status} (code {code}): {message} line_items.0.price: The price must be an integer.; external_identifier: The external identifier has already been taken.",
            error.Message);
        Assert.Equal(["The price must be an integer."], error.FieldErrors["line_items.0.price"]);
        Assert.Equal(status == 422, error.IsDuplicateExternalIdentifier);
        Assert.False(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
        Assert.Null(error.RetryAfter);
        Assert.Single(leat.Requests);
    }

    [Fact]
    public async Task A_404_from_an_endpoint_that_always_answers_is_a_permanent_error()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("GET", "contacts/find-or-create", 404, """{"status_code":404,"code":404,"message":"Not found."}""");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("a@example.com", Ct));

        Assert.Equal((404, false), (error.HttpStatus, error.IsTransient));
        Assert.Single(leat.Requests);
    }

    [Theory]
    [InlineData(408, false)]
    [InlineData(429, false)]
    [InlineData(500, true)]
    [InlineData(503, false)]
    public async Task Server_side_failures_are_transient_and_a_POST_is_sent_once(int status, bool mayHaveTakenEffect)
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "orders", status, $$"""{"status_code":{{status}},"code":{{status}},"message":"Try again later."}""", retryAfter: "7");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order(), Ct));

        Assert.Equal($"Leat answered {status} (code {status}): Try again later.", error.Message);
        Assert.Equal((status, true, mayHaveTakenEffect), (error.HttpStatus, error.IsTransient, error.MayHaveTakenEffect));
        Assert.Equal(TimeSpan.FromSeconds(7), error.RetryAfter);
        Assert.Equal(1, leat.Count("POST", "orders"));
        Assert.DoesNotContain(leat.Logs.Entries, e => e.Contains("[2103]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Retry_After_as_an_HTTP_date_becomes_a_delay()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "orders/o-1/process", 503, """{"status_code":503,"code":503,"message":"Down for maintenance."}""",
            retryAfter: DateTimeOffset.UtcNow.AddMinutes(10).ToString("R"));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ProcessOrderAsync("o-1", Ct));

        Assert.Equal("Down for maintenance.", error.LeatMessage);
        Assert.InRange(error.RetryAfter!.Value, TimeSpan.FromMinutes(9), TimeSpan.FromMinutes(10));
    }

    [Fact]
    public async Task HTML_error_page_is_reduced_to_the_status_line()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "orders/o-1/process", 502, "<html><body><h1>502 Bad Gateway</h1>nginx</body></html>", "text/html");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ProcessOrderAsync("o-1", Ct));

        Assert.Equal("Leat answered 502: HTTP 502 Bad Gateway", error.Message);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);
        Assert.Empty(error.FieldErrors);
    }

    [Fact]
    public async Task Plain_text_error_body_is_quoted_in_the_message()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "orders/o-1/process", 400, "bad request from proxy", "text/plain");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ProcessOrderAsync("o-1", Ct));

        Assert.Equal("Leat answered 400: HTTP 400 Bad Request: bad request from proxy", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Unreadable_success_body_on_a_POST_is_transient_and_may_have_taken_effect()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("POST", "orders/create-and-process", 200, """{"data":null,"meta":[]}""");
        leat.Answer("POST", "orders", 200, "{\"data\":{\"uuid\":");
        leat.Answer("POST", "order-returns/create-and-process", 200, """{"data":{"result":null}}""");
        leat.Server.Given(Request.Create().WithPath(LeatWireMock.Root + "order-returns").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("{}").WithFault(FaultType.EMPTY_RESPONSE));

        var noData = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order(), Ct));
        var notJson = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order(), Ct));
        var noReturn = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessReturnAsync(Return(), Ct));
        var empty = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateReturnAsync(Return(), Ct));

        Assert.Equal("Leat answered 200: POST orders/create-and-process: the answer could not be read: the answer has no data", noData.Message);
        Assert.True(noData.IsTransient && noData.MayHaveTakenEffect);
        Assert.StartsWith("Leat answered 200: POST orders: the answer could not be read: ", notJson.Message, StringComparison.Ordinal);
        Assert.True(notJson.IsTransient && notJson.MayHaveTakenEffect);
        Assert.Equal("Leat answered 200: POST order-returns/create-and-process: the answer could not be read: data.return is missing", noReturn.Message);
        Assert.Equal("Leat answered 200: POST order-returns: the answer could not be read: the answer is empty", empty.Message);
        Assert.True(empty.IsTransient && empty.MayHaveTakenEffect);
        Assert.Equal(4, leat.Requests.Count);
    }

    [Fact]
    public async Task Unreadable_success_body_on_a_GET_is_permanent_and_not_retried()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("GET", "shops", 200, "not json");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ListShopsAsync(Ct));

        Assert.StartsWith("Leat answered 200: GET shops: the answer could not be read: ", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
        Assert.Single(leat.Requests);
    }

    [Fact]
    public async Task Dropped_connection_on_a_POST_is_transient_may_have_taken_effect_and_is_not_retried()
    {
        using var dropping = new DroppingListener();
        using var leat = LeatWireMock.Start(options => options.BaseUrl = dropping.Url);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(Order(), Ct));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);
        Assert.StartsWith("Leat call failed without an answer: POST orders/create-and-process: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, dropping.Connections);
        Assert.Contains(leat.Logs.Entries, e => e.Contains("[2102]", StringComparison.Ordinal) && e.Contains("request sent: True", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dropped_connection_on_a_GET_is_retried_then_transient()
    {
        using var dropping = new DroppingListener();
        using var leat = LeatWireMock.Start(options => options.BaseUrl = dropping.Url);

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ListShopsAsync(Ct));

        Assert.Equal((null, true, true), (error.HttpStatus, error.IsTransient, error.MayHaveTakenEffect));

        // Two retries by the resilience handler; below it, SocketsHttpHandler itself resends a GET whose connection
        // closed before the first answer byte a few times per attempt, so the connections are counted at least.
        Assert.Equal(2, leat.Logs.Entries.Count(e => e.Contains("Retrying Leat GET shops", StringComparison.Ordinal)));
        Assert.True(dropping.Connections >= 3, $"{dropping.Connections} connections");
    }

    [Fact]
    public async Task Connection_refused_has_not_taken_effect_even_after_retries()
    {
        using var leat = LeatWireMock.Start(options =>
        {
            options.BaseUrl = "http://127.0.0.1:1";
            options.GetRetries = 1;
        });

        var post = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateOrderAsync(Order(), Ct));
        var get = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.ListShopsAsync(Ct));

        Assert.Equal((null, true, false), (post.HttpStatus, post.IsTransient, post.MayHaveTakenEffect));
        Assert.Equal((null, true, false), (get.HttpStatus, get.IsTransient, get.MayHaveTakenEffect));
        Assert.Single(leat.Logs.Entries, e => e.Contains("Retrying Leat GET shops", StringComparison.Ordinal));
    }

    [Fact]
    public void RetryAfter_reads_delta_and_date_and_never_goes_negative()
    {
        var now = new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(30), RetryAfter.ToDelay(new RetryConditionHeaderValue(TimeSpan.FromSeconds(30)), now));
        Assert.Equal(TimeSpan.FromMinutes(2), RetryAfter.ToDelay(new RetryConditionHeaderValue(now.AddMinutes(2)), now));
        Assert.Equal(TimeSpan.Zero, RetryAfter.ToDelay(new RetryConditionHeaderValue(now.AddMinutes(-2)), now));
        Assert.Null(RetryAfter.ToDelay(null, now));
    }

    internal static LeatOrderRequest Order() => new()
    {
        ExternalIdentifier = "E", Status = LeatOrderStatus.Completed, PaymentStatus = LeatPaymentStatus.Paid, TotalOrderAmount = 0,
        Contact = new LeatUuidRef("c"), BusinessProfile = new LeatUuidRef("s"), LineItems = [],
    };

    private static LeatOrderReturnRequest Return() => new()
    {
        Order = new LeatOrderReference(null, "E"), ExternalIdentifier = "E-R", Status = LeatReturnStatus.Completed, LineItems = [],
    };
}
