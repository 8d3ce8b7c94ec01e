using Connector.Platforms.NewStore.Client;
using Microsoft.Extensions.DependencyInjection;
using WireMock.RequestBuilders;

namespace Connector.Platforms.NewStore.Tests.Client;

/// <summary>
/// The client-credentials token: one request in flight at a time, reuse until shortly before expiry, NewStore's
/// expired-token 403 answered by one renewal and one retry, refused credentials as a permanent failure without the
/// secret, and no secret or token in any log line.
/// </summary>
public sealed class NewStoreTokenTests : IAsyncDisposable
{
    private const string OrderAnswer = """{"data": {"order": null}}""";

    private readonly NewStoreStub newStore = new(stubToken: false);

    public async ValueTask DisposeAsync() => await newStore.DisposeAsync();

    private IReadOnlyList<string> QueryTokens() =>
        [.. newStore.ApiRequests.Select(request => string.Join(",", request.Headers!["Authorization"]))];

    [Fact]
    public async Task Fifty_concurrent_calls_on_a_cold_cache_make_exactly_one_token_request()
    {
        // Slow enough that every call finds the request in flight.
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.TokenAnswer("t1").WithDelay(TimeSpan.FromMilliseconds(500)));
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(OrderAnswer));
        var client = newStore.Client;

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => client.GetOrderAsync($"O{i}", CancellationToken.None))));

        Assert.Equal(1, newStore.TokenRequests);
        Assert.Equal(50, newStore.ApiRequests.Count);
        Assert.All(QueryTokens(), header => Assert.Equal("Bearer t1", header));
    }

    [Theory]
    [InlineData(600, 539, 2)] // 60 s margin: reused for 540 s
    [InlineData(60, 29, 2)] // short TTL: reused for half its lifetime
    public async Task The_token_is_reused_until_shortly_before_it_expires_then_replaced(int expiresIn, int reusedFor, int pastThat)
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.TokenAnswer("t1", expiresIn), NewStoreStub.TokenAnswer("t2", expiresIn));
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(OrderAnswer));

        await newStore.Client.GetOrderAsync("O1", CancellationToken.None);
        newStore.Clock.Advance(TimeSpan.FromSeconds(reusedFor));
        await newStore.Client.GetOrderAsync("O2", CancellationToken.None);
        newStore.Clock.Advance(TimeSpan.FromSeconds(pastThat));
        await newStore.Client.GetOrderAsync("O3", CancellationToken.None);

        Assert.Equal(["Bearer t1", "Bearer t1", "Bearer t2"], QueryTokens());
        Assert.Equal(2, newStore.TokenRequests);
        Assert.Contains(newStore.Logs.Entries, entry => entry.Contains($"[5454] NewStore issued an access token valid for {expiresIn} s", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_403_renews_the_token_once_and_sends_the_request_again_with_the_new_one()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.TokenAnswer("t1"), NewStoreStub.TokenAnswer("t2"));
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Error(403, "invalid_token", "Token expired"), NewStoreStub.Ok(OrderAnswer));

        Assert.Null(await newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal(["Bearer t1", "Bearer t2"], QueryTokens());
        Assert.Equal(newStore.ApiRequests[0].Body, newStore.ApiRequests[1].Body);
        Assert.Equal(2, newStore.TokenRequests);
        Assert.Empty(newStore.Clock.Delays);
        Assert.Contains(newStore.Logs.Entries, entry => entry.Contains(
            "[5455] NewStore refused the access token on POST api/v1/org/data/query (403); requesting a new token and retrying once", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_second_403_fails_permanently_with_NewStores_message_after_one_renewal_and_one_retry()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.TokenAnswer("t1"), NewStoreStub.TokenAnswer("t2"), NewStoreStub.TokenAnswer("t3"));
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Error(403, "forbidden", "Client is not allowed to manage integrations"));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.RegisterAsync(new NewStoreIntegration { Id = "x" }, CancellationToken.None));

        Assert.Equal(
            "NewStore answered 403: forbidden: Client is not allowed to manage integrations (refused again with a newly issued access token: the API client may lack the scope, or \"Support Legacy APIs\")",
            error.Message);
        Assert.Equal((403, "forbidden", false), (error.HttpStatus, error.ErrorCode, error.IsTransient));
        Assert.Equal(["Bearer t1", "Bearer t2"], QueryTokens());
        Assert.Equal(2, newStore.TokenRequests);
    }

    [Fact]
    public async Task Fifty_calls_refused_with_the_same_expired_token_renew_it_once()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.TokenAnswer("t1"), NewStoreStub.TokenAnswer("t2").WithDelay(TimeSpan.FromMilliseconds(300)));
        newStore.Server.Given(Request.Create().WithPath(NewStoreStub.QueryPath).UsingPost().WithHeader("Authorization", "Bearer t1"))
            .RespondWith(NewStoreStub.Error(403, "invalid_token", "Token expired").WithDelay(TimeSpan.FromMilliseconds(500)));
        newStore.Server.Given(Request.Create().WithPath(NewStoreStub.QueryPath).UsingPost().WithHeader("Authorization", "Bearer t2"))
            .RespondWith(NewStoreStub.Ok(OrderAnswer));
        var client = newStore.Client;

        // The refusals are slow, so all 50 calls are out with t1 before the first one comes back.
        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => client.GetOrderAsync($"O{i}", CancellationToken.None))));

        Assert.Equal(2, newStore.TokenRequests);
        Assert.Equal(50, QueryTokens().Count(header => header == "Bearer t1"));
        Assert.Equal(50, QueryTokens().Count(header => header == "Bearer t2"));
    }

    [Fact]
    public async Task A_403_without_JSON_is_the_IP_block_and_fails_permanently_without_renewing_the_token()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.TokenAnswer("t1"));
        newStore.Answer("GET", NewStoreStub.EventStreamPath, NewStoreStub.Text(403, "Forbidden"));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.ListAsync(CancellationToken.None));

        Assert.Equal(
            "NewStore answered 403: HTTP 403 Forbidden without a JSON body: NewStore blocks a caller's IP address this way after too many requests (for about 5 minutes); no token was refused.",
            error.Message);
        Assert.False(error.IsTransient);
        Assert.Equal(1, newStore.TokenRequests);
        Assert.Single(newStore.ApiRequests);
    }

    [Theory]
    [InlineData(401, "invalid_client", "Invalid client or Invalid client credentials")]
    [InlineData(400, "unauthorized_client", "Client not enabled to retrieve service account")]
    public async Task Refused_client_credentials_fail_permanently_naming_the_keys_but_not_the_secret(int status, string code, string description)
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.Json(status, $$"""{"error": "{{code}}", "error_description": "{{description}}"}"""));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal(
            $"NewStore answered {status}: {code}: the identity service refused the client credentials of API client 'leat-connector-client' for tenant 'leatdemo-sandbox' ({code}: {description}); check NewStore:ClientId and NewStore:ClientSecret.",
            error.Message);
        Assert.False(error.IsTransient);
        Assert.DoesNotContain(NewStoreStub.ClientSecret, error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, newStore.TokenRequests);
        Assert.Empty(newStore.ApiRequests);
    }

    [Fact]
    public async Task An_unknown_tenant_realm_fails_permanently_saying_so()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.Json(404, """{"error": "Realm does not exist"}"""));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal(
            $"NewStore answered 404: Realm does not exist: the identity service at {newStore.BaseAddress} has no realm for tenant 'leatdemo-sandbox' (Realm does not exist); check NewStore:Tenant and NewStore:IdentityUrl.",
            error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task A_token_request_that_fails_transiently_is_retried_and_a_secret_the_service_echoes_is_not_repeated()
    {
        newStore.Answer(
            "POST",
            NewStoreStub.TokenPath,
            NewStoreStub.Json(503, "{}"),
            NewStoreStub.TokenAnswer("t1"));
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Ok(OrderAnswer));

        Assert.Null(await newStore.Client.GetOrderAsync("O1", CancellationToken.None));
        Assert.Equal(2, newStore.TokenRequests);
        Assert.Single(newStore.Clock.Delays);

        await using var second = new NewStoreStub(stubToken: false);
        second.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.Json(400, $$"""{"error": "invalid_request", "error_description": "bad secret {{NewStoreStub.ClientSecret}}"}"""));
        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => second.Client.GetOrderAsync("O1", CancellationToken.None));
        Assert.Contains("(invalid_request: bad secret ***)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_token_endpoint_that_keeps_failing_gives_a_transient_failure_after_the_retries()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.Json(502, "{}"));

        var error = await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.Client.GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal("NewStore answered 502: the identity service refused a token request (HTTP 502 Bad Gateway).", error.Message);
        Assert.True(error.IsTransient);
        Assert.Equal(4, newStore.TokenRequests);
        Assert.Empty(newStore.ApiRequests);
    }

    [Fact]
    public async Task Neither_the_client_secret_nor_a_token_nor_the_api_key_is_ever_logged()
    {
        newStore.Answer("POST", NewStoreStub.TokenPath, NewStoreStub.Json(500, "{}"), NewStoreStub.TokenAnswer("secret-token-aaa"), NewStoreStub.TokenAnswer("secret-token-bbb"));
        newStore.Answer("POST", NewStoreStub.QueryPath, NewStoreStub.Error(403, "invalid_token", "expired"), NewStoreStub.Ok(OrderAnswer));
        newStore.Answer("GET", NewStoreStub.EventStreamPath, NewStoreStub.Ok($$"""{"integrations": [{{NewStoreStub.Integration("leat-connector", "running")}}]}"""));
        newStore.Answer("POST", NewStoreStub.EventStreamPath, NewStoreStub.Error(400, "invalid_request", "nope"));

        await newStore.Client.GetOrderAsync("O1", CancellationToken.None);
        await newStore.EventStream.ListAsync(CancellationToken.None);
        await Assert.ThrowsAsync<NewStoreApiException>(() => newStore.EventStream.RegisterAsync(
            new NewStoreIntegration { Id = "x", CallbackParameters = new NewStoreCallbackParameters { ApiKey = NewStoreStub.ApiKey } }, CancellationToken.None));

        var logs = newStore.Logs.Entries;
        Assert.Contains(logs, entry => entry.Contains("[5453] Retrying NewStore POST auth/realms/leatdemo-sandbox/protocol/openid-connect/token", StringComparison.Ordinal));
        Assert.Contains(logs, entry => entry.Contains("[5455]", StringComparison.Ordinal));
        Assert.Contains(logs, entry => entry.Contains("[5451] NewStore POST api/v1/org/integrations/eventstream failed with 400 (invalid_request)", StringComparison.Ordinal));
        Assert.All(logs, entry =>
        {
            Assert.DoesNotContain(NewStoreStub.ClientSecret, entry, StringComparison.Ordinal);
            Assert.DoesNotContain("secret-token-", entry, StringComparison.Ordinal);
            Assert.DoesNotContain(NewStoreStub.ApiKey, entry, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Records_holding_a_secret_do_not_print_it()
    {
        var token = new NewStoreToken { AccessToken = "secret-token-ccc", ExpiresIn = 60, TokenType = "Bearer" };
        var integration = new NewStoreIntegration { Id = "x", CallbackParameters = new NewStoreCallbackParameters { CallbackUrl = NewStoreStub.WebhookUrl, ApiKey = NewStoreStub.ApiKey } };

        Assert.Equal("TokenType=Bearer, ExpiresIn=60, AccessToken=set", token.ToString());
        Assert.Contains($"CallbackUrl={NewStoreStub.WebhookUrl}, ApiKey=set", integration.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(NewStoreStub.ApiKey, integration.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddNewStoreClient_refuses_to_start_without_client_credentials_and_names_the_keys()
    {
        var provider = newStore.Services(new Dictionary<string, string?> { ["NewStore:ClientSecret"] = null, ["NewStore:IdentityUrl"] = "id.p.newstore.net" });

        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(async () => await provider.GetRequiredService<INewStoreClient>().GetOrderAsync("O1", CancellationToken.None));

        Assert.Equal(
            ["NewStore:IdentityUrl must be an absolute http(s) URL, got 'id.p.newstore.net'.", "NewStore:ClientSecret must be set and contain no whitespace (the value is not shown)."],
            error.Failures);
    }
}
