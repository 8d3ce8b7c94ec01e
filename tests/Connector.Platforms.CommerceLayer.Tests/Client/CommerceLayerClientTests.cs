using Connector.Platforms.CommerceLayer.Client;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Connector.Platforms.CommerceLayer.Tests.Client;

/// <summary>
/// The Refit client against a WireMock.Net Commerce Layer, built as the host builds it (<c>AddCommerceLayerClient</c>):
/// the token's single flight and renewal, JSON:API headers and query strings, retries, 404s, and no secret in any log.
/// </summary>
public sealed class CommerceLayerClientTests : IDisposable
{
    private const string ClientSecret = "cl-secret-91f0a7";
    private const string OrderDocument = """{"data":{"id":"O1","type":"orders","attributes":{"number":12,"status":"approved","currency_code":"EUR"}}}""";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly CapturingLoggerProvider _logs = new();
    private readonly ServiceProvider _provider;

    public CommerceLayerClientTests()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CommerceLayer:OrganizationSlug"] = "acme",
            ["CommerceLayer:BaseUrl"] = _server.Url,
            ["CommerceLayer:AuthUrl"] = _server.Url,
            ["CommerceLayer:ClientId"] = "cl-client-id",
            ["CommerceLayer:ClientSecret"] = ClientSecret,
            ["CommerceLayer:Client:RetryBaseDelay"] = "00:00:00.010",
            ["CommerceLayer:Client:RetryMaxDelay"] = "00:00:02",
            ["CommerceLayer:Client:TokenMinInterval"] = "00:00:02",
        }).Build();
        _provider = new ServiceCollection()
            .AddLogging(l => l.SetMinimumLevel(LogLevel.Trace).AddProvider(_logs))
            .AddCommerceLayerClient(configuration)
            .BuildServiceProvider();
    }

    private ICommerceLayerClient Client => _provider.GetRequiredService<ICommerceLayerClient>();

    private int TokenRequests => _server.LogEntries.Count(e => e.RequestMessage.AbsolutePath == "/oauth/token");

    public void Dispose()
    {
        _provider.Dispose();
        _server.Stop();
    }

    private void Token(string token, int expiresIn = 7200, int delayMs = 0, string? scenario = null, string? state = null, string? next = null)
    {
        var request = _server.Given(Request.Create().WithPath("/oauth/token").UsingPost());
        if (scenario is not null)
        {
            request = state is null ? request.InScenario(scenario).WillSetStateTo(next!) : request.InScenario(scenario).WhenStateIs(state).WillSetStateTo(next!);
        }

        var response = Response.Create().WithStatusCode(200);
        if (delayMs > 0)
        {
            response = response.WithDelay(delayMs);
        }

        request.RespondWith(response
            .WithHeader("Content-Type", "application/json")
            .WithBody($$"""{"access_token":"{{token}}","token_type":"bearer","expires_in":{{expiresIn}},"scope":"market:all","created_at":1767000000}"""));
    }

    private void Order(int status = 200, string body = OrderDocument, string? scenario = null, string? state = null, string? next = null, string? retryAfter = null)
    {
        var request = _server.Given(Request.Create().WithPath("/api/orders/O1").UsingGet());
        if (scenario is not null)
        {
            request = state is null ? request.InScenario(scenario).WillSetStateTo(next!) : request.InScenario(scenario).WhenStateIs(state).WillSetStateTo(next!);
        }

        var response = Response.Create().WithStatusCode(status).WithHeader("Content-Type", "application/vnd.api+json").WithBody(body);
        if (retryAfter is not null)
        {
            response = response.WithHeader("Retry-After", retryAfter);
        }

        request.RespondWith(response);
    }

    [Fact]
    public async Task Fifty_concurrent_cold_calls_make_one_token_request_and_send_JSON_API_headers()
    {
        Token("t1", delayMs: 300);
        Order();

        await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Client.GetOrderAsync("O1"))));

        Assert.Equal(1, TokenRequests);
        var api = _server.LogEntries.Where(e => e.RequestMessage.AbsolutePath == "/api/orders/O1").Select(e => e.RequestMessage).ToList();
        Assert.Equal(50, api.Count);
        Assert.All(api, r => Assert.Equal("Bearer t1", r.Headers!["Authorization"].Single()));
        Assert.All(api, r => Assert.Equal("application/vnd.api+json", r.Headers!["Accept"].Single()));
        var token = _server.LogEntries.First(e => e.RequestMessage.AbsolutePath == "/oauth/token").RequestMessage;
        Assert.Contains("\"grant_type\":\"client_credentials\"", token.Body, StringComparison.Ordinal);
        Assert.StartsWith("application/json", token.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_order_is_asked_with_every_include_its_sync_needs()
    {
        Token("t1");
        Order();

        var order = await Client.GetOrderAsync("O1");

        Assert.Equal("12", order!.Number);
        var query = _server.LogEntries.Single(e => e.RequestMessage.AbsolutePath == "/api/orders/O1").RequestMessage.Query!;
        Assert.Equal(ICommerceLayerClient.OrderIncludes, query["include"].Single());
    }

    [Fact]
    public async Task A_401_renews_the_token_once_and_retries_once_with_the_new_one()
    {
        Token("t1", scenario: "token", state: null, next: "second");
        Token("t2", scenario: "token", state: "second", next: "second");
        Order(401, """{"errors":[{"code":"UNAUTHORIZED","status":"401","detail":"expired"}]}""", scenario: "order", state: null, next: "ok");
        Order(scenario: "order", state: "ok", next: "ok");

        var order = await Client.GetOrderAsync("O1");

        Assert.Equal("O1", order!.Id);
        Assert.Equal(2, TokenRequests);
        var sent = _server.LogEntries.Where(e => e.RequestMessage.AbsolutePath == "/api/orders/O1").Select(e => e.RequestMessage.Headers!["Authorization"].Single()).ToList();
        Assert.Equal(["Bearer t1", "Bearer t2"], sent);
    }

    [Fact]
    public async Task A_second_401_fails_with_Commerce_Layers_error_and_the_secret_appears_nowhere()
    {
        Token("t1");
        Order(401, """{"errors":[{"code":"UNAUTHORIZED","status":"401","detail":"invalid token"}]}""");

        var error = await Assert.ThrowsAsync<CommerceLayerApiException>(() => Client.GetOrderAsync("O1"));

        Assert.True(error.IsUnauthorized);
        Assert.Contains("UNAUTHORIZED", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(_logs.Entries, e => e.Contains(ClientSecret, StringComparison.Ordinal) || e.Contains("t1", StringComparison.Ordinal) && e.Contains("Bearer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_429_and_a_503_are_retried_and_a_404_is_null()
    {
        Token("t1");
        Order(429, """{"errors":[{"code":"TOO_MANY_REQUESTS","status":429}]}""", scenario: "o", state: null, next: "busy", retryAfter: "1");
        Order(503, "", scenario: "o", state: "busy", next: "ok");
        Order(scenario: "o", state: "ok", next: "ok");
        _server.Given(Request.Create().WithPath("/api/orders/GONE").UsingGet()).RespondWith(Response.Create().WithStatusCode(404)
            .WithBody("""{"errors":[{"code":"RECORD_NOT_FOUND","status":"404"}]}"""));

        Assert.Equal("O1", (await Client.GetOrderAsync("O1"))!.Id);
        Assert.Null(await Client.GetOrderAsync("GONE"));
        Assert.Equal(3, _server.LogEntries.Count(e => e.RequestMessage.AbsolutePath == "/api/orders/O1"));
    }

    [Fact]
    public async Task A_poll_page_is_asked_sorted_by_updated_at_with_25_per_page_and_encoded_brackets()
    {
        Token("t1");
        _server.Given(Request.Create().WithPath("/api/returns").UsingGet()).RespondWith(Response.Create().WithStatusCode(200)
            .WithBody("""{"data":[{"id":"R1","type":"returns","attributes":{"status":"received"},"relationships":{"order":{"data":{"type":"orders","id":"O1"}}}}],"meta":{"record_count":1,"page_count":1},"links":{}}"""));

        var page = await Client.ListReturnsAsync(new DateTimeOffset(2026, 11, 1, 8, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero), 2);

        Assert.Equal("O1", Assert.Single(page.Items).OrderId);
        Assert.False(page.HasNext);
        var url = _server.LogEntries.Single(e => e.RequestMessage.AbsolutePath == "/api/returns").RequestMessage.Url;
        Assert.Contains("filter%5Bq%5D%5Bupdated_at_gteq%5D=2026-11-01T08%3A00%3A00.000Z", url, StringComparison.Ordinal);
        Assert.Contains("filter%5Bq%5D%5Bupdated_at_lteq%5D=2026-11-01T09%3A00%3A00.000Z", url, StringComparison.Ordinal);
        Assert.Contains("sort=updated_at%2Cid", url, StringComparison.Ordinal);
        Assert.Contains("page%5Bsize%5D=25", url, StringComparison.Ordinal);
        Assert.Contains("page%5Bnumber%5D=2", url, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Creating_a_webhook_is_sent_once_even_when_it_fails()
    {
        Token("t1");
        _server.Given(Request.Create().WithPath("/api/webhooks").UsingPost()).RespondWith(Response.Create().WithStatusCode(503));

        await Assert.ThrowsAsync<CommerceLayerApiException>(() => Client.CreateWebhookAsync(new CommerceLayerWebhookCreate("n", "orders.place", "https://x.example/webhooks/commercelayer", ["line_items"])));

        var posts = _server.LogEntries.Where(e => e.RequestMessage.AbsolutePath == "/api/webhooks").ToList();
        var post = Assert.Single(posts).RequestMessage;
        Assert.StartsWith("application/vnd.api+json", post.Headers!["Content-Type"].Single(), StringComparison.Ordinal);
        Assert.Contains("\"topic\":\"orders.place\"", post.Body, StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_outside_Commerce_Layers_limits_are_refused_naming_the_key()
    {
        var validator = new CommerceLayerClientOptionsValidator();

        var result = validator.Validate(null, new CommerceLayerClientOptions { RequestsPerMinute = 600, Burst = 60 });

        Assert.True(result.Failed);
        Assert.Contains(result.Failures!, f => f.Contains("CommerceLayer:Client:RequestsPerMinute", StringComparison.Ordinal));
        Assert.Contains(result.Failures!, f => f.Contains("CommerceLayer:Client:Burst", StringComparison.Ordinal));
        Assert.True(validator.Validate(null, new CommerceLayerOptions { ClientId = "x" }).Failed);
        Assert.True(validator.Validate(null, _provider.GetRequiredService<IOptions<CommerceLayerClientOptions>>().Value).Succeeded);
    }
}
