using System.Diagnostics;
using System.Threading.RateLimiting;
using Connector.Leat.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Leat.Tests.Client;

/// <summary>The standard resilience handler as the Leat client configures it: GET retries, attempt timeout, the process-wide rate limit.</summary>
public sealed class LeatClientResilienceTests
{
    private const string Shops = """{"data":[{"uuid":"s-1"}]}""";

    private static CancellationToken Ct => CancellationToken.None;

    [Fact]
    public async Task GET_is_retried_on_transient_answers_with_Retry_After_seconds_honoured()
    {
        using var leat = LeatWireMock.Start(options => options.GetRetryMaxDelay = TimeSpan.FromSeconds(5));
        leat.FailThenAnswer("GET", "shops", failures: 1, status: 429, Shops, retryAfter: "1");
        var stopwatch = Stopwatch.StartNew();

        var shops = await leat.Client.ListShopsAsync(Ct);

        Assert.Equal("s-1", Assert.Single(shops).Uuid);
        Assert.Equal(2, leat.Count("GET", "shops"));
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Retrying Leat GET shops in 1000 ms (retry 1) after: HTTP 429", StringComparison.Ordinal));
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(950), $"retried after {stopwatch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task GET_retry_caps_a_Retry_After_date_at_the_maximum_delay()
    {
        using var leat = LeatWireMock.Start();
        leat.FailThenAnswer("GET", "shops", failures: 2, status: 503, Shops, retryAfter: DateTimeOffset.UtcNow.AddMinutes(10).ToString("R"));

        await leat.Client.ListShopsAsync(Ct);

        Assert.Equal(3, leat.Count("GET", "shops"));
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Retrying Leat GET shops in 200 ms (retry 1) after: HTTP 503", StringComparison.Ordinal));
        Assert.Contains(leat.Logs.Entries, e => e.Contains("Retrying Leat GET shops in 200 ms (retry 2) after: HTTP 503", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    public async Task GET_gives_up_after_the_configured_retries(int status)
    {
        using var leat = LeatWireMock.Start(options => options.GetRetries = 3);
        leat.Answer("GET", "contacts/find-or-create", status, $$"""{"status_code":{{status}},"code":{{status}},"message":"Busy."}""");

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("g@example.com", Ct));

        Assert.Equal((status, true), (error.HttpStatus, error.IsTransient));
        Assert.Equal(4, leat.Count("GET", "contacts/find-or-create"));
        Assert.Equal(3, leat.Logs.Entries.Count(e => e.Contains("[2103]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task GET_is_not_retried_on_permanent_answers_nor_when_retries_are_off()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("GET", "contacts/find-or-create", 422, """{"status_code":422,"code":1003,"message":"The given data was invalid."}""");
        using var noRetries = LeatWireMock.Start(options => options.GetRetries = 0);
        noRetries.Answer("GET", "shops", 503, """{"message":"Down."}""");

        await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("not-an-email", Ct));
        await Assert.ThrowsAsync<LeatApiException>(() => noRetries.Client.ListShopsAsync(Ct));

        Assert.Single(leat.Requests);
        Assert.Single(noRetries.Requests);
    }

    [Fact]
    public async Task Slow_POST_hits_the_timeout_once_transient_and_may_have_taken_effect()
    {
        using var leat = LeatWireMock.Start(options => options.Timeout = TimeSpan.FromSeconds(1));
        leat.Answer("POST", "orders/create-and-process", 200, """{"data":{"order":{"uuid":"o-1"}}}""", delay: TimeSpan.FromSeconds(3));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.CreateAndProcessOrderAsync(LeatClientErrorTests.Order(), Ct));

        Assert.Equal("Leat call failed without an answer: POST orders/create-and-process: no answer within 1 s (Leat:Timeout)", error.Message);
        Assert.True(error.IsTransient);
        Assert.True(error.MayHaveTakenEffect);
        Assert.Equal(1, await CountOnceSettledAsync(leat, "POST", "orders/create-and-process", 1));
        Assert.DoesNotContain(leat.Logs.Entries, e => e.Contains("[2103]", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Slow_GET_is_retried_per_attempt_and_still_may_have_taken_effect()
    {
        // 1 s per attempt, not less: on a loaded CI machine a shorter attempt can time out before its request reaches the server.
        using var leat = LeatWireMock.Start(options => options.Timeout = TimeSpan.FromSeconds(1));
        leat.Answer("GET", "contacts/find-or-create", 200, """{"data":{"uuid":"c-1"}}""", delay: TimeSpan.FromSeconds(4));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("slow@example.com", Ct));

        // Each attempt gets its own Leat:Timeout; the request was handed to the network each time (LeatAuthHandler.SentKey).
        Assert.Equal("Leat call failed without an answer: GET contacts/find-or-create: no answer within 1 s (Leat:Timeout)", error.Message);
        Assert.True(error.MayHaveTakenEffect);
        Assert.Equal(3, await CountOnceSettledAsync(leat, "GET", "contacts/find-or-create", 3));
        Assert.Equal(2, leat.Logs.Entries.Count(e => e.Contains("[2103]", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Leat_TotalTimeout_ends_a_GET_whose_attempts_keep_timing_out_before_its_retries_run_out()
    {
        using var leat = LeatWireMock.Start(options =>
        {
            options.Timeout = TimeSpan.FromMilliseconds(300);
            options.TotalTimeout = TimeSpan.FromMilliseconds(800);
            options.GetRetries = 10;
            options.GetRetryBaseDelay = TimeSpan.FromMilliseconds(10);
            options.GetRetryMaxDelay = TimeSpan.FromMilliseconds(10);
        });
        leat.Answer("GET", "contacts/find-or-create", 200, """{"data":{"uuid":"c-1"}}""", delay: TimeSpan.FromSeconds(2));

        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.Client.FindOrCreateContactAsync("slow@example.com", Ct));

        Assert.Equal("Leat call failed without an answer: GET contacts/find-or-create: no answer within 0.8 s (Leat:TotalTimeout)", error.Message);
        Assert.True(error.IsTransient);
        // Attempts of 0.3 s fit two or three times in 0.8 s; without the total timeout all eleven would be sent.
        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);
        Assert.InRange(leat.Requests.Count(r => r.Method == "GET"), 1, 3);
    }

    [Fact]
    public async Task Caller_cancellation_stays_an_OperationCanceledException()
    {
        using var leat = LeatWireMock.Start();
        leat.Answer("GET", "shops", 200, Shops, delay: TimeSpan.FromSeconds(2));
        using var caller = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => leat.Client.ListShopsAsync(caller.Token));

        Assert.IsNotType<LeatApiException>(error.InnerException);
    }

    [Fact]
    public async Task Rate_limiter_spaces_a_burst_from_several_client_instances_beyond_one_seconds_worth()
    {
        using var leat = LeatWireMock.Start(options => options.RequestsPerSecond = 10);
        leat.Answer("GET", "shops", 200, Shops);
        var clients = new[] { leat.Client, leat.NewClient(), leat.NewClient() };
        var stopwatch = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, 14).Select(i => clients[i % clients.Length].ListShopsAsync(Ct)));

        // The bucket holds one second's worth (10) and refills one token per 100 ms: the last 4 wait for 4 refills,
        // the first of which may come at once — so at least three whole periods.
        Assert.Equal(14, leat.Requests.Count);
        Assert.True(stopwatch.Elapsed >= TimeSpan.FromMilliseconds(290), $"14 requests at 10/s took {stopwatch.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Rate_limiter_queue_full_is_transient_says_so_and_sends_nothing()
    {
        // One token a day and no queue, shared by the container: the second call, from another client instance, is refused.
        using var limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1, TokensPerPeriod = 1, ReplenishmentPeriod = TimeSpan.FromDays(1), QueueLimit = 0, AutoReplenishment = true,
        });
        using var leat = LeatWireMock.Start(before: services => services.AddKeyedSingleton<RateLimiter>(LeatClient.RateLimiterKey, limiter));
        leat.Answer("GET", "shops", 200, Shops);
        leat.Answer("POST", "orders", 200, """{"data":{"uuid":"o-1"}}""");

        await leat.Client.ListShopsAsync(Ct);
        var error = await Assert.ThrowsAsync<LeatApiException>(() => leat.NewClient().CreateOrderAsync(LeatClientErrorTests.Order(), Ct));

        Assert.Equal(
            "Leat call failed without an answer: POST orders: the client-side Leat rate limiter has too many requests queued; nothing was sent",
            error.Message);
        Assert.True(error.IsTransient);
        Assert.False(error.MayHaveTakenEffect);
        Assert.Single(leat.Requests);
    }

    [Fact]
    public async Task Rate_limiter_lets_a_request_under_the_rate_through_without_waiting()
    {
        using var limiter = LeatServiceCollectionExtensions.CreateRateLimiter(5);

        var leases = Enumerable.Range(0, 5).Select(_ => limiter.AttemptAcquire()).ToList();
        var sixth = limiter.AttemptAcquire();
        var queued = limiter.AcquireAsync(cancellationToken: Ct);

        Assert.All(leases, lease => Assert.True(lease.IsAcquired));
        Assert.False(sixth.IsAcquired);
        Assert.True((await queued.AsTask().WaitAsync(TimeSpan.FromSeconds(5))).IsAcquired);
    }

    /// <summary>WireMock logs a delayed request once its answer is written; waits for the stubs' delays to pass first.</summary>
    /// <summary>
    /// WireMock logs a delayed answer only once its delay is over, even when the client gave up on it: waits (up to
    /// 15 s, for a loaded machine) until <paramref name="expected"/> requests are logged, then a moment more for any
    /// surplus one, and returns the count.
    /// </summary>
    private static async Task<int> CountOnceSettledAsync(LeatWireMock leat, string method, string path, int expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(15);
        while (leat.Count(method, path) < expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        await Task.Delay(TimeSpan.FromMilliseconds(1500));
        return leat.Count(method, path);
    }
}
