using System.Net;
using System.Text.Json;
using Connector.Jobs;
using Connector.Sandbox.Leat;
using Connector.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;

namespace Connector.Platforms.NewStore.Tests.Sync;

/// <summary>
/// Real HTTP all the way: events are posted to <c>/webhooks/newstore</c>, the job server runs the order jobs against
/// real PostgreSQL, and the dispatcher sends to the Leat fake from Connector.Sandbox.
/// </summary>
public sealed class NewStoreEndToEndTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private readonly PublishingNewStoreClient _newStore = new();
    private LeatFake _leat = null!;
    private NewStoreTestHost _host = null!;

    public async Task InitializeAsync()
    {
        await NewStoreTestHost.MigrateAsync(database.DataSource);
        _leat = await LeatFake.StartAsync(new LeatFakeOptions { DefaultCurrency = "USD" });
        _host = await NewStoreTestHost.StartAsync(database.ConnectionString, jobs: true, _leat, _newStore);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _leat.DisposeAsync();
    }

    private JobSearch Jobs => _host.Services.GetRequiredService<JobSearch>();

    [Fact]
    public async Task Every_event_delivered_three_times_out_of_order_has_one_Leat_effect()
    {
        var order = NewStoreEvents.Order("ada@example.com");
        var events = new[] { NewStoreEvents.Opened(order), NewStoreEvents.ReturnOfFirstItem(order), NewStoreEvents.Appeasement(order, 10m) };

        // Follow-ups first, each event three times: the sale must still reach Leat before them, and everything once.
        foreach (var body in events.Reverse().Concat(events).Concat(events.Reverse()))
        {
            Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(body)).StatusCode);
        }

        await JobsProbe.SettledAsync(database.DataSource);
        var sale = Assert.Single(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");
        Assert.Equal(2, _leat.Returns.Values.Count(r => r.OrderExternalIdentifier == sale.ExternalIdentifier));
        Assert.Equal(1, CallsFor("/orders/create-and-process", order.Id));
        Assert.Equal(2, CallsFor("/order-returns/create-and-process", order.Id));
        Assert.True(SentBefore("/orders/create-and-process", "/order-returns/create-and-process", order.Id));
        Assert.Equal("Succeeded", Assert.Single(await Jobs.FindAsync($"newstore:order:{order.Id}"), j => j.State == "Succeeded").State);
    }

    [Fact]
    public async Task A_return_before_its_order_fetches_the_order_once_NewStore_knows_it_and_sends_order_then_return()
    {
        var order = NewStoreEvents.Order("grace@example.com");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ReturnOfFirstItem(order))).StatusCode);
        await EventuallyAsync(() => _newStore.Calls >= 2);
        Assert.DoesNotContain(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");

        _newStore.Publish(order);
        await JobsProbe.SettledAsync(database.DataSource);

        Assert.Single(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");
        var leatReturn = Assert.Single(_leat.Returns.Values, r => r.OrderExternalIdentifier == $"newstore:{order.Id}");
        Assert.StartsWith("newstore:return:", leatReturn.ExternalIdentifier, StringComparison.Ordinal);
        Assert.True(SentBefore("/orders/create-and-process", "/order-returns/create-and-process", order.Id));
    }

    [Fact]
    public async Task A_cancellation_after_the_sale_returns_the_cancelled_units_to_Leat()
    {
        var order = NewStoreEvents.Order("alan@example.com");
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.Opened(order))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ItemsCancelled(order, order.Items[1].Id))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        var cancellation = Assert.Single(_leat.Returns.Values, r => r.OrderExternalIdentifier == $"newstore:{order.Id}");
        Assert.StartsWith($"newstore:cancel:{order.Id}:", cancellation.ExternalIdentifier, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(cancellation.RequestBody);
        var line = Assert.Single(body.RootElement.GetProperty("line_items").EnumerateArray());
        Assert.Equal((order.Items[1].Id, 4000L), (line.GetProperty("external_identifier").GetString(), line.GetProperty("total_amount").GetInt64()));
        var tax = Assert.Single(body.RootElement.GetProperty("charges").EnumerateArray());
        Assert.Equal(($"newstore:{order.Id}:tax", 341L), (tax.GetProperty("external_identifier").GetString(), tax.GetProperty("total_amount").GetInt64()));
    }

    [Fact]
    public async Task A_cancellation_before_the_sale_sends_the_sale_without_those_units_and_no_return()
    {
        var order = NewStoreEvents.Order("barbara@example.com");
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ItemsCancelled(order, order.Items[1].Id))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.Opened(order))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        var sale = Assert.Single(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");
        using var body = JsonDocument.Parse(sale.RequestBody);
        Assert.Equal([order.Items[0].Id], body.RootElement.GetProperty("line_items").EnumerateArray().Select(l => l.GetProperty("external_identifier").GetString()));
        Assert.Equal(6294, body.RootElement.GetProperty("total_order_amount").GetInt64());
        Assert.DoesNotContain(_leat.Returns.Values, r => r.OrderExternalIdentifier == sale.ExternalIdentifier);
        Assert.StartsWith("Nothing left to return", await SkipReasonAsync($"newstore:cancel:{order.Id}:%"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_422_from_Leat_fails_the_job_with_Leats_message_and_a_replay_after_the_fix_succeeds()
    {
        var order = NewStoreEvents.Order("edsger@example.com");
        _leat.FailNext(1, 422, null, "/orders/create-and-process");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.Opened(order))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        var failed = Assert.Single(await Jobs.FindAsync($"newstore:order:{order.Id}"));
        Assert.Equal("Failed", failed.State);
        Assert.Equal(0, failed.Retries);
        Assert.StartsWith("Leat answered 422", failed.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");

        Assert.True(_host.Services.GetRequiredService<IBackgroundJobClient>().Requeue(failed.Id));
        await JobsProbe.SettledAsync(database.DataSource);

        Assert.Equal("Succeeded", Jobs.Describe(failed.Id, null)!.State);
        Assert.Single(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");
    }

    [Fact]
    public async Task A_follow_up_that_cannot_be_mapped_fails_the_job_with_its_reason_while_the_others_are_sent()
    {
        var order = NewStoreEvents.Order("tony@example.com");
        var euroReturn = NewStoreEvents.ReturnOfFirstItem(order, "bad-return-" + order.Id).Replace("\"currency\":\"USD\"", "\"currency\":\"EUR\"", StringComparison.Ordinal);
        Assert.Contains("EUR", euroReturn, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.Opened(order))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(euroReturn)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.Appeasement(order, 5m))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        // The job may have run (and failed) before the appeasement arrived; the appeasement then requests a new run,
        // which fails for the same reason. Every failed run names it.
        var failed = (await Jobs.FindAsync($"newstore:order:{order.Id}")).Where(j => j.State == "Failed").ToList();
        Assert.NotEmpty(failed);
        Assert.All(failed, f => Assert.Equal($"NewStore return bad-return-{order.Id} is in EUR, but Leat order newstore:{order.Id} is in USD.", f.LastError));
        Assert.Single(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");
        var appeasement = Assert.Single(_leat.Returns.Values, r => r.OrderExternalIdentifier == $"newstore:{order.Id}");
        Assert.StartsWith("newstore:appeasement:", appeasement.ExternalIdentifier, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_anonymous_sale_follows_the_missing_email_policy_and_its_return_is_skipped_with_the_reason()
    {
        // Leat:Dispatch:MissingEmail defaults to Skip, as for Square.
        var order = NewStoreEvents.Order(email: "");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.Opened(order))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(NewStoreEvents.ReturnOfFirstItem(order))).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        Assert.DoesNotContain(_leat.Orders.Values, o => o.ExternalIdentifier == $"newstore:{order.Id}");
        Assert.Equal($"Order newstore:{order.Id} has no customer email and the missing-email policy is Skip.", await SkipReasonAsync($"newstore:{order.Id}"));
        Assert.Contains($"Its order was skipped: Order newstore:{order.Id} has no customer email", await SkipReasonForOrderAsync(order.Id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_blind_return_is_recorded_as_skipped_and_nothing_is_sent()
    {
        var returnId = Guid.NewGuid().ToString();
        var calls = _leat.CallCount("POST", "/order-returns");

        Assert.Equal(HttpStatusCode.OK, (await _host.PostAsync(
            $$$"""{"tenant": "{{{NewStoreTestHost.Tenant}}}", "name": "return.processed", "payload": {"id": "{{{returnId}}}", "currency": "USD", "total_refund_amount": 20, "items": [{"id": "x", "refund_amount": 20}]}}""")).StatusCode);
        await JobsProbe.SettledAsync(database.DataSource);

        Assert.Equal(calls, _leat.CallCount("POST", "/order-returns"));
        Assert.Contains("blind return", await SkipReasonAsync($"newstore:return:{returnId}"), StringComparison.Ordinal);
    }

    private int CallsFor(string path, string orderId) =>
        _leat.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith(path, StringComparison.Ordinal) && r.Body.Contains(orderId, StringComparison.Ordinal));

    private bool SentBefore(string first, string then, string orderId)
    {
        var requests = _leat.Requests.ToList();
        var a = requests.FindIndex(r => r.Path.EndsWith(first, StringComparison.Ordinal) && r.Body.Contains(orderId, StringComparison.Ordinal));
        var b = requests.FindIndex(r => r.Path.EndsWith(then, StringComparison.Ordinal) && r.Body.Contains(orderId, StringComparison.Ordinal));
        return a >= 0 && b > a;
    }

    private async Task<string> SkipReasonAsync(string externalIdPattern)
    {
        await using var command = database.DataSource.CreateCommand("SELECT skip_reason FROM leat.dispatch WHERE status = 'skipped' AND external_id LIKE @id");
        command.Parameters.AddWithValue("id", externalIdPattern);
        return (string?)await command.ExecuteScalarAsync() ?? "(not skipped)";
    }

    private async Task<string> SkipReasonForOrderAsync(string orderId)
    {
        await using var command = database.DataSource.CreateCommand("SELECT skip_reason FROM leat.dispatch WHERE kind = 'return' AND status = 'skipped' AND skip_reason LIKE @pattern");
        command.Parameters.AddWithValue("pattern", $"%{orderId}%");
        return (string?)await command.ExecuteScalarAsync() ?? "(not skipped)";
    }

    private static async Task EventuallyAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in 20 s");
            await Task.Delay(100);
        }
    }
}
