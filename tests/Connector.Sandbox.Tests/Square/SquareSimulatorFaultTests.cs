namespace Connector.Sandbox.Tests.Square;

public sealed class SquareSimulatorFaultTests : SquareSimulatorTestBase
{
    [Fact]
    public async Task FailNext_answers_429_rate_limited_with_retry_after_then_recovers()
    {
        var orderId = Simulator.CreateSale(SimpleSale());
        Simulator.FailNext(2, 429, TimeSpan.FromMilliseconds(1500));

        var first = await GetAsync($"v2/orders/{orderId}");
        var second = await GetAsync($"v2/orders/{orderId}");
        var third = await GetAsync($"v2/orders/{orderId}");

        AssertError(first, 429, "RATE_LIMIT_ERROR", "RATE_LIMITED");
        Assert.Equal(TimeSpan.FromSeconds(2), first.Headers.RetryAfter!.Delta);
        Assert.Equal(429, second.Status);
        Assert.Equal(200, third.Status);
        Assert.Equal(["fail:429", "fail:429", null], Simulator.Requests.Select(r => r.InjectedFault));
    }

    [Fact]
    public async Task FailNext_answers_500_before_authentication_only_on_matching_paths()
    {
        var orderId = Simulator.CreateSale(SimpleSale());
        Simulator.FailNext(1, 500, pathFilter: "/v2/orders/search");
        using var anonymous = new HttpClient { BaseAddress = Simulator.BaseAddress };

        var retrieve = await GetAsync($"v2/orders/{orderId}");
        using var search = await anonymous.PostAsync("v2/orders/search", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var retried = await PostAsync("v2/orders/search", """{"location_ids":["LSANDBOX1"]}""");

        Assert.Equal(200, retrieve.Status);
        Assert.Equal(500, (int)search.StatusCode);
        Assert.False(search.Headers.Contains("Retry-After"));
        Assert.Contains("INTERNAL_SERVER_ERROR", await search.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(200, retried.Status);
        Assert.Equal(2, Simulator.CallCount("POST", "/v2/orders/search"));
    }

    [Fact]
    public async Task ClearFaults_disarms_pending_failures()
    {
        Simulator.FailNext(5, 503);
        Simulator.ClearFaults();

        var reply = await GetAsync("v2/locations");

        Assert.Equal(200, reply.Status);
        Assert.Equal(["LSANDBOX1", "LSANDBOX2"], reply.Body!["locations"]!.AsArray().Select(l => l!["id"]!.GetValue<string>()));
    }
}
