using System.Net;
using System.Net.Sockets;
using Connector.Platforms.NewStore.Client;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;
using WireMock.ResponseBuilders;

namespace Connector.Platforms.NewStore.Tests.Client;

/// <summary>
/// Error classes on WireMock.Net, attempts counted from its request log: reads (GETs, GraphQL queries) retried on
/// 408/429/5xx and lost answers <c>NewStore:Client:MaxRetries</c> times (3 here) with <c>Retry-After</c> honoured up to
/// <c>NewStore:Client:RetryMaxDelay</c> (5 s here); configuration writes sent once; other 4xx permanent with NewStore's
/// <c>error_code</c> and message. Waits are recorded, not slept.
/// </summary>
public sealed class NewStoreClientFailureTests : IAsyncDisposable
{
    private const string OrderAnswer = """{"data": {"order": null}}""";

    private readonly NewStoreStub newStore = new();

    public async ValueTask DisposeAsync() => await newStore.DisposeAsync();

    [Fact]
    public async Task A_429_is_retried_after_as_long_as_Retry_After_says()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Error(429, "too_many_requests", "Slow down", retryAfter: "2"), NewStoreStub.Ok(OrderAnswer));

        Assert.Null(await newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal(2, newStore.ApiRequests.Count);
        Assert.Equal(newStore.ApiRequests[0].Body, newStore.ApiRequests[1].Body);
        Assert.Equal([TimeSpan.FromSeconds(2)], newStore.Clock.Delays);
        Assert.Contains(newStore.Logs.Entries, entry => entry.Contains(
            "[5453] Retrying NewStore POST api/v1/org/data/query in 2000 ms (retry 1) after: HTTP 429", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_long_Retry_After_is_capped_at_the_configured_maximum()
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath, NewStoreStub.Error(429, "too_many_requests", "Slow down", retryAfter: "3600"), NewStoreStub.Ok("""{"integrations": []}"""));

        Assert.Empty(await newStore.EventStream.ListAsync(CancellationToken.None));

        Assert.Equal([TimeSpan.FromSeconds(5)], newStore.Clock.Delays);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(408)]
    public async Task A_read_is_retried_the_configured_number_of_times_and_then_fails_transiently(int status)
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/leat-connector", NewStoreStub.Error(status, "service_unavailable", "try later"));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.GetAsync("leat-connector", CancellationToken.None));

        Assert.Equal($"NewStore answered {status}: service_unavailable: try later", error.Message);
        Assert.Equal((status, true), (error.HttpStatus, error.IsTransient));
        Assert.Equal(4, newStore.ApiRequests.Count);
        Assert.Equal(3, newStore.Clock.Delays.Count);
        Assert.All(newStore.Clock.Delays, delay => Assert.InRange(delay, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5)));
        Assert.Equal(3, newStore.Logs.Entries.Count(entry => entry.Contains("[5453] Retrying NewStore GET api/v1/org/integrations/eventstream/leat-connector in", StringComparison.Ordinal)));
        Assert.Equal(1, newStore.TokenRequests);
    }

    [Fact]
    public async Task A_5xx_then_success_is_retried_with_back_off_and_succeeds()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Json(500, "{}"), NewStoreStub.Json(503, "<html>down</html>"), NewStoreStub.Ok(OrderAnswer));

        Assert.Null(await newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal(3, newStore.ApiRequests.Count);
        Assert.Equal(2, newStore.Clock.Delays.Count);
    }

    [Theory]
    [InlineData("POST", NewStoreStub.EventStreamPath)]
    [InlineData("PATCH", NewStoreStub.EventStreamPath + "/leat-connector")]
    [InlineData("POST", NewStoreStub.EventStreamPath + "/leat-connector/_start")]
    [InlineData("DELETE", NewStoreStub.EventStreamPath + "/leat-connector")]
    public async Task A_configuration_write_is_sent_once_even_on_a_transient_failure(string method, string path)
    {
        newStore.Answer(method, path, NewStoreStub.Error(503, "service_unavailable", "try later"));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => method switch
        {
            "PATCH" => newStore.EventStream.UpdateAsync("leat-connector", new NewStoreIntegrationUpdate(), CancellationToken.None),
            "DELETE" => newStore.EventStream.DeleteAsync("leat-connector", CancellationToken.None),
            _ when path.EndsWith("_start", StringComparison.Ordinal) => newStore.EventStream.StartAsync("leat-connector", CancellationToken.None),
            _ => newStore.EventStream.RegisterAsync(new NewStoreIntegration { Id = "leat-connector" }, CancellationToken.None),
        });

        Assert.True(error.IsTransient);
        Assert.Single(newStore.ApiRequests);
        Assert.Empty(newStore.Clock.Delays);
    }

    [Theory]
    [InlineData(400, "invalid_request", "callback_url must be https")]
    [InlineData(409, "conflict", "Integration leat-connector already exists")]
    [InlineData(422, "limit_reached", "At most 25 integrations")]
    public async Task A_4xx_fails_permanently_with_NewStores_error_code_and_message(int status, string code, string message)
    {
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Error(status, code, message));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.RegisterAsync(new NewStoreIntegration { Id = "leat-connector" }, CancellationToken.None));

        Assert.Equal($"NewStore answered {status}: {code}: {message}", error.Message);
        Assert.Equal((status, code, false), (error.HttpStatus, error.ErrorCode, error.IsTransient));
        Assert.Single(newStore.ApiRequests);
    }

    [Fact]
    public async Task A_non_JSON_error_is_quoted_and_an_HTML_page_reduced_to_its_status_line()
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/a", Response.Create().WithStatusCode(418).WithBody("short and stout"));
        newStore.Answer("GET", NewStoreStub.EventStreamPath + "/b", Response.Create().WithStatusCode(400).WithHeader("Content-Type", "text/html").WithBody("<html>Bad</html>"));

        var text = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.GetAsync("a", CancellationToken.None));
        var html = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.GetAsync("b", CancellationToken.None));

        Assert.Equal("NewStore answered 418: HTTP 418 I'm a teapot: short and stout", text.Message);
        Assert.Equal("NewStore answered 400: HTTP 400 Bad Request", html.Message);
    }

    [Theory]
    [InlineData("{\"integrations\": [not json")]
    [InlineData("null")]
    [InlineData("{}")]
    public async Task A_malformed_200_fails_permanently_without_a_retry(string body)
    {
        newStore.Answer("GET", NewStoreStub.EventStreamPath, NewStoreStub.Ok(body));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.ListAsync(CancellationToken.None));

        Assert.StartsWith("NewStore answered 200: GET api/v1/org/integrations/eventstream: the answer could not be read: ", error.Message, StringComparison.Ordinal);
        Assert.False(error.IsTransient);
        Assert.Single(newStore.ApiRequests);
    }

    [Fact]
    public async Task A_dropped_connection_is_retried_and_then_fails_transiently()
    {
        // WireMock.Net cannot drop a connection, so a bare socket takes each request and hangs up; tokens still come
        // from the stub.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await listener.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
                await socket.ReceiveAsync(new byte[8192], SocketFlags.None);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        });
        var client = newStore.Services(new Dictionary<string, string?> { ["NewStore:BaseUrl"] = $"http://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}/" })
            .GetRequiredService<INewStoreClient>();

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Null(error.HttpStatus);
        Assert.True(error.IsTransient);
        Assert.StartsWith("NewStore call failed without an answer: POST api/v1/org/data/query: ", error.Message, StringComparison.Ordinal);
        Assert.IsType<HttpRequestException>(error.InnerException);
        Assert.Equal(4, accepted);
        Assert.Equal(3, newStore.Clock.Delays.Count);
        Assert.Equal(4, newStore.Logs.Entries.Count(entry => entry.Contains("[5452] NewStore POST api/v1/org/data/query got no answer", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_unreachable_identity_service_fails_transiently_after_the_retries()
    {
        var closed = new NewStoreStub();
        var address = closed.BaseAddress.ToString();
        await closed.DisposeAsync();
        var client = newStore.Services(new Dictionary<string, string?> { ["NewStore:IdentityUrl"] = address }).GetRequiredService<INewStoreClient>();

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => client.GetOrderAsync("O1", CancellationToken.None));

        Assert.StartsWith("NewStore call failed without an answer: token request to the identity service: ", error.Message, StringComparison.Ordinal);
        Assert.True(error.IsTransient);
        Assert.Equal(3, newStore.Clock.Delays.Count);
        Assert.Empty(newStore.ApiRequests);
    }

    [Fact]
    public async Task An_attempt_without_an_answer_within_the_timeout_is_retried_and_then_fails_transiently()
    {
        await using var impatient = new NewStoreStub(maxRetries: 1, timeout: "00:00:00.300");
        impatient.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(OrderAnswer).WithDelay(TimeSpan.FromSeconds(2)));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => impatient.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal("NewStore call failed without an answer: POST api/v1/org/data/query: no answer within 0.3 s (NewStore:Client:Timeout)", error.Message);
        Assert.IsType<TimeoutRejectedException>(error.InnerException);
        Assert.Single(impatient.Clock.Delays);
    }

    [Fact]
    public async Task The_caller_cancelling_is_not_retried()
    {
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(OrderAnswer).WithDelay(TimeSpan.FromSeconds(5)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => newStore.Client.GetOrderAsync("O1", cancel.Token));

        Assert.Equal(cancel.Token, error.CancellationToken);
        Assert.Empty(newStore.Clock.Delays);
    }
}
