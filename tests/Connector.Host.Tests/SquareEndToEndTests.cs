using Connector.Host.Hosting;
using Connector.Jobs;
using Hangfire;
using Connector.Platforms.Square.Polling;
using Connector.Sandbox.Leat;
using Connector.Sandbox.Square;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Host.Tests;

/// <summary>
/// Real HTTP all the way: the Square simulator signs and delivers webhooks to the connector's endpoint, the
/// connector's jobs fetch from the simulator and dispatch to the Leat fake, in one process with real PostgreSQL.
/// </summary>
public sealed class SquareEndToEndTests : IAsyncLifetime
{
    private ConnectorApp _connector = null!;
    private NpgsqlDataSource _database = null!;

    private SquareSimulator Square => _connector.Sandbox.Simulator<SquareSimulator>();

    private LeatFake Leat => _connector.Sandbox.LeatFake!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("e2e");
        _database = NpgsqlDataSource.Create(connectionString);
        _connector = await ConnectorApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Connector={connectionString}",
            $"--Mappings:Directory={RepositoryFiles.PathOf("mappings")}",
            "--Sandbox:Traffic=false",
            "--Square:PollInterval=01:00:00",
            "--Jobs:RetryBaseDelay=00:00:00.200",
            "--Jobs:SchedulePollInterval=00:00:01",
            "--Jobs:RetryMaxDelay=00:00:01",
            "--Leat:Dispatch:InProgressRetryDelay=00:00:00.300",
        ], forceSandbox: true, CancellationToken.None);
        await _connector.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task A_sale_and_its_return_delivered_three_times_out_of_order_reach_Leat_once_each()
    {
        var (saleId, lineUids) = Sale("ada@example.com", ("Coffee beans", 1200, 2m), ("Mug", 800, 1m));
        var returned = Square.CreateReturn(new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(lineUids[0], 1m)] });
        var events = new[]
        {
            Square.CreateWebhookEvent("order.created", saleId),
            Square.CreateWebhookEvent("order.updated", saleId),
            Square.CreateWebhookEvent("refund.created", returned.RefundId!),
            Square.CreateWebhookEvent("refund.updated", returned.RefundId!),
        };

        // Refunds first, each event three times: the return must still reach Leat after its sale, and once.
        foreach (var webhook in events.Reverse().Concat(events).Concat(events.Reverse()))
        {
            Assert.Equal(200, (await Square.DeliverWebhookAsync(webhook)).Status);
        }

        await JobsSettledAsync();
        var order = Assert.Single(Leat.Orders.Values);
        Assert.Equal($"square:{saleId}", order.ExternalIdentifier);
        var leatReturn = Assert.Single(Leat.Returns.Values);
        Assert.Equal(order.ExternalIdentifier, leatReturn.OrderExternalIdentifier);
        Assert.Equal(1, Leat.CallCount("POST", "/orders/create-and-process"));
        Assert.Equal(1, Leat.CallCount("POST", "/order-returns/create-and-process"));
        Assert.Equal(32, order.PointsAwarded); // 2 × 12.00 + 8.00 USD, 1 point per whole unit
        Assert.Equal(12, order.PointsReversed);
        Assert.Equal(20, Leat.ContactBalance(order.ContactUuid));
        Assert.Equal(4, await ScalarAsync<long>("SELECT count(*) FROM intake.webhook_inbox"));
        // Ops paste the refund id Square shows them; the return's ledger row must carry it.
        Assert.Equal(leatReturn.ExternalIdentifier, await ScalarAsync<string>(
            $"SELECT external_id FROM leat.dispatch WHERE kind = 'return' AND source_ids->'also' ? '{returned.RefundId}'"));
    }

    [Fact]
    public async Task A_webhook_and_a_poll_for_the_same_order_make_one_Leat_call()
    {
        var (saleId, _) = Sale("grace@example.com", ("Tea", 450, 3m));

        Assert.Equal(200, await Square.SendWebhookAsync("order.updated", saleId));
        var (orders, _) = await _connector.App.Services.GetRequiredService<SquareScanner>().PollAsync(CancellationToken.None);

        Assert.True(orders >= 1);
        await JobsSettledAsync();
        Assert.Single(Leat.Orders);
        Assert.Equal(1, Leat.CallCount("POST", "/orders/create-and-process"));
    }

    [Fact]
    public async Task Leat_failing_twice_with_503_still_ends_with_one_order()
    {
        Leat.FailNext(2, 503, TimeSpan.FromMilliseconds(300), "/orders/create-and-process");
        var (saleId, _) = Sale("alan@example.com", ("Croissant", 275, 2m));

        Assert.Equal(200, await Square.SendWebhookAsync("order.updated", saleId));

        await JobsSettledAsync();
        Assert.Single(Leat.Orders);
        Assert.Equal(3, Leat.CallCount("POST", "/orders/create-and-process"));
        var job = Assert.Single(await Jobs.FindAsync($"square:order:{saleId}"));
        Assert.Equal("Succeeded", job.State);
        Assert.Equal(2, job.Retries);
        Assert.StartsWith("Leat answered 503", job.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_422_from_Leat_fails_the_job_with_Leats_message_and_a_replay_succeeds()
    {
        Leat.FailNext(1, 422, null, "/orders/create-and-process");
        var (saleId, _) = Sale("barbara@example.com", ("Scone", 325, 1m));

        Assert.Equal(200, await Square.SendWebhookAsync("order.updated", saleId));
        await JobsSettledAsync();

        var failed = Assert.Single(await Jobs.FindAsync($"square:order:{saleId}"));
        Assert.Equal("Failed", failed.State);
        Assert.Equal(0, failed.Retries);
        Assert.StartsWith("Leat answered 422", failed.LastError, StringComparison.Ordinal);
        Assert.StartsWith("Leat answered 422", failed.Reason, StringComparison.Ordinal);
        Assert.Empty(Leat.Orders);

        Assert.True(_connector.App.Services.GetRequiredService<IBackgroundJobClient>().Requeue(failed.Id));
        await JobsSettledAsync();

        Assert.Equal("Succeeded", Jobs.Describe(failed.Id, null)!.State);
        Assert.Single(Leat.Orders);
    }

    [Fact]
    public async Task A_return_without_a_sale_is_recorded_as_skipped_and_nothing_is_sent()
    {
        var returned = Square.CreateReturn(new ReturnSpec { Lines = [new ReturnLineSpec(null, 1m, "Gift card", 2500)] });

        Assert.Equal(200, await Square.SendWebhookAsync("refund.updated", returned.RefundId!));

        await JobsSettledAsync();
        Assert.Empty(Leat.Returns);
        Assert.Equal(0, Leat.CallCount("POST", "/order-returns/create-and-process"));
        var reason = await ScalarAsync<string>("SELECT skip_reason FROM leat.dispatch WHERE kind = 'return' AND status = 'skipped'");
        Assert.Contains("not linked to a sale", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generated_traffic_with_duplicated_and_reordered_webhooks_lands_in_Leat_exactly_once()
    {
        var traffic = new SquareTraffic(Square, seed: 11, new SquareTrafficOptions { ReturnRate = 1.0, DuplicateRate = 0.5, OutOfOrderRate = 0.5 });

        var result = await traffic.RunAsync(14);

        Assert.All(result.Deliveries, d => Assert.Equal(200, d.Status));
        await JobsSettledAsync();
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        // Every fourth generated customer has no email: their sales (and returns) are skipped under the default policy.
        var skippedOrders = await ScalarAsync<long>("SELECT count(*) FROM leat.dispatch WHERE kind = 'order' AND status = 'skipped' AND skip_reason LIKE '%no customer email%'");
        Assert.True(skippedOrders > 0);
        Assert.Equal(result.SaleIds.Count + result.Returns.Count(r => r.Case == "return.exchange"), Leat.Orders.Count + skippedOrders);
        var skippedIds = (await ScalarAsync<string>("SELECT coalesce(string_agg(external_id, ','), '') FROM leat.dispatch WHERE kind = 'order' AND status = 'skipped'")).Split(',');
        Assert.All(result.SaleIds, id => Assert.True(Leat.Orders.ContainsKey($"square:{id}") || skippedIds.Contains($"square:{id}")));
        Assert.Equal(Leat.Orders.Count, Leat.CallCount("POST", "/orders/create-and-process"));
        var linked = result.Returns.Count(r => r.Case != "return.unlinked");
        var skippedReturns = await ScalarAsync<long>("SELECT count(*) FROM leat.dispatch WHERE kind = 'return' AND status = 'skipped' AND skip_reason LIKE 'Its order%'");
        Assert.Equal(linked, Leat.Returns.Count + skippedReturns);
        Assert.Equal(Leat.Returns.Count, Leat.CallCount("POST", "/order-returns/create-and-process"));
        Assert.All(Leat.Orders.Values, o => Assert.InRange(o.PointsReversed, 0, o.PointsAwarded));
        Assert.All(Leat.Contacts, c => Assert.True(Leat.ContactBalance(c.Uuid) >= 0));
    }

    private (string SaleId, List<string> LineUids) Sale(string email, params (string Name, long Price, decimal Quantity)[] lines)
    {
        var customer = Square.AddCustomer(email);
        var saleId = Square.CreateSale(new SaleSpec
        {
            CustomerId = customer,
            LocationId = SquareSimulatorOptions.DefaultLocations[0].Id,
            Lines = lines.Select(l => new SaleLineSpec { Name = l.Name, BasePrice = l.Price, Quantity = l.Quantity, CatalogObjectId = $"ITEM-{l.Name}" }).ToList(),
        });
        var uids = Square.GetOrder(saleId)!["line_items"]!.AsArray().Select(l => l!["uid"]!.GetValue<string>()).ToList();
        return (saleId, uids);
    }

    private JobSearch Jobs => _connector.App.Services.GetRequiredService<JobSearch>();

    /// <summary>Waits until no work is requested, waiting or running (retries included), up to 30 s.</summary>
    private Task JobsSettledAsync() => JobsProbe.SettledAsync(_database);

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
