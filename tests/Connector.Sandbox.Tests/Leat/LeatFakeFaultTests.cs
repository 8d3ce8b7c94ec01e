using System.Diagnostics;
using System.Text;

namespace Connector.Sandbox.Tests.Leat;

public sealed class LeatFakeFaultTests : LeatFakeTestBase
{
    [Fact]
    public async Task FailNext_answers_503_with_retry_after_and_no_effect_then_recovers()
    {
        var contact = await ContactAsync();
        Fake.FailNext(2, 503, TimeSpan.FromSeconds(7));
        var json = Order(contact).ToJsonString();

        var first = await PostAsync("orders/create-and-process", json);
        var second = await PostAsync("orders/create-and-process", json);
        var third = await PostAsync("orders/create-and-process", json);

        Assert.Equal(503, first.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), first.Headers.RetryAfter!.Delta);
        Assert.Equal(503, first.Body!["status_code"]!.GetValue<int>());
        Assert.Equal("Service Unavailable.", first.Body["message"]!.GetValue<string>());
        Assert.Equal(503, second.Status);
        Assert.Equal(200, third.Status);
        Assert.Equal(35, Fake.ContactBalance(contact));
        Assert.Equal("fail:503", Fake.Requests[1].InjectedFault);
    }

    [Fact]
    public async Task FailNext_answers_429_even_without_a_token_when_armed()
    {
        Fake.FailNext(1, 429, TimeSpan.FromMilliseconds(1500));
        using var anonymous = new HttpClient { BaseAddress = Fake.ApiBaseAddress };

        using var response = await anonymous.GetAsync("shops");

        Assert.Equal(429, (int)response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter!.Delta);
        Assert.Contains("\"code\":429", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task FailNext_only_hits_matching_paths_when_a_filter_is_given()
    {
        var contact = await ContactAsync();
        Fake.FailNext(1, 500, pathFilter: "orders/create-and-process");

        var shops = await GetAsync("shops");
        var simulate = await PostAsync("orders/simulate", Order(contact).ToJsonString());
        var create = await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        var retry = await PostAsync("orders/create-and-process", Order(contact).ToJsonString());

        Assert.Equal(200, shops.Status);
        Assert.Equal(200, simulate.Status);
        Assert.Equal(500, create.Status);
        Assert.False(create.Headers.Contains("Retry-After"));
        Assert.Equal(200, retry.Status);
    }

    [Fact]
    public async Task DelayNext_holds_the_answer_for_at_least_the_delay_when_armed()
    {
        Fake.DelayNext(1, TimeSpan.FromMilliseconds(300));

        var watch = Stopwatch.StartNew();
        var delayed = await GetAsync("shops");
        var delayedElapsed = watch.Elapsed;
        var next = await GetAsync("shops");

        Assert.Equal(200, delayed.Status);
        Assert.Equal(200, next.Status);
        Assert.True(delayedElapsed >= TimeSpan.FromMilliseconds(300), $"answered after {delayedElapsed}");
        Assert.Equal("delay", Fake.Requests[0].InjectedFault);
        Assert.Null(Fake.Requests[1].InjectedFault);
    }

    [Fact]
    public async Task DelayNext_lets_a_client_timeout_fire_while_the_request_is_held()
    {
        Fake.DelayNext(1, TimeSpan.FromSeconds(30));
        using var impatient = new HttpClient { BaseAddress = Fake.ApiBaseAddress, Timeout = TimeSpan.FromMilliseconds(200) };
        impatient.DefaultRequestHeaders.Authorization = Http.DefaultRequestHeaders.Authorization;

        await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync("shops"));
    }

    [Fact]
    public async Task CommitThenDropNext_stores_the_order_and_awards_points_but_the_client_sees_a_connection_failure()
    {
        var contact = await ContactAsync();
        Fake.CommitThenDropNext(1, "orders/create-and-process");
        var json = Order(contact).ToJsonString();

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Http.PostAsync("orders/create-and-process", new StringContent(json, Encoding.UTF8, "application/json")));

        Assert.True(Fake.Orders["ORD-1"].Processed);
        Assert.Equal(35, Fake.ContactBalance(contact));
        var dropped = Fake.Requests[^1];
        Assert.True(dropped.ConnectionDropped);
        Assert.Equal(200, dropped.ResponseStatus);
        Assert.Equal("commit-then-drop", dropped.InjectedFault);

        var found = await GetAsync("orders/find?external_identifier=ORD-1");
        var duplicate = await PostAsync("orders/create-and-process", json);
        Assert.Equal(200, found.Status);
        Assert.Equal(422, duplicate.Status);
        Assert.Equal("The external identifier has already been taken.", duplicate.Body!["errors"]!["external_identifier"]!.GetValue<string>());
        Assert.Equal(35, Fake.ContactBalance(contact));
    }

    [Fact]
    public async Task CommitThenDropNext_applies_a_return_before_dropping_when_armed_for_returns()
    {
        var contact = await ContactAsync();
        await PostAsync("orders/create-and-process", Order(contact).ToJsonString());
        Fake.CommitThenDropNext(1, "order-returns");
        var json = Return("ORD-1", "RET-1", """[{"external_identifier":"L1","quantity":2}]""");

        await Assert.ThrowsAsync<HttpRequestException>(() =>
            Http.PostAsync("order-returns/create-and-process", new StringContent(json, Encoding.UTF8, "application/json")));
        var duplicate = await PostAsync("order-returns/create-and-process", json);

        Assert.Equal(25, Fake.Returns["RET-1"].PointsReversed);
        Assert.Equal(10, Fake.ContactBalance(contact));
        Assert.Equal(422, duplicate.Status);
    }

    [Fact]
    public void Fault_arming_rejects_nonsense_counts_and_statuses()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Fake.FailNext(0, 503));
        Assert.Throws<ArgumentOutOfRangeException>(() => Fake.FailNext(1, 200));
    }
}
