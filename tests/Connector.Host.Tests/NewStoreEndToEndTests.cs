using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Host.Hosting;
using Connector.Jobs;
using Connector.Platforms.NewStore.Cli;
using Connector.Sandbox.Leat;
using Connector.Sandbox.NewStore;
using Connector.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Host.Tests;

/// <summary>
/// Real HTTP all the way: the NewStore simulator issues tokens, answers GraphQL and delivers its event stream (api key
/// as bearer) to the connector host's <c>/webhooks/newstore</c>; the host (real PostgreSQL, its own NewStore client
/// against the simulator, its job server) sends to the Leat fake. Expectations come from the simulator's summaries
/// of what it published and the Leat fake's points rule, never from the connector.
/// </summary>
public sealed class NewStoreEndToEndTests : IAsyncLifetime
{
    private const string ApiKey = "e2e-newstore-event-stream-key";
    private const string TokenPath = "/protocol/openid-connect/token";
    private const string GraphQlPath = "/api/v1/org/data/query";

    private readonly ShiftedClock _newStoreClock = new();
    private string _connectionString = null!;
    private NpgsqlDataSource _database = null!;
    private LeatFake _leat = null!;
    private NewStoreSimulator? _newStore;
    private ConnectorApp? _connector;
    private int _port;

    private NewStoreSimulator NewStore => _newStore!;

    private string WebhookUrl => $"http://127.0.0.1:{_port}/webhooks/newstore";

    private JobSearch Jobs => _connector!.App.Services.GetRequiredService<JobSearch>();

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("nse2e");
        _database = NpgsqlDataSource.Create(_connectionString);
        _leat = await LeatFake.StartAsync(new LeatFakeOptions { DefaultCurrency = "USD" });
        _port = FreePort();
    }

    public async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }

        if (_newStore is not null)
        {
            await _newStore.DisposeAsync();
        }

        await _leat.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Generated_traffic_with_every_event_delivered_three_times_shuffled_and_late_lands_in_Leat_exactly_as_NewStore_published_it()
    {
        await StartAsync(new NewStoreSimulatorOptions
        {
            AutoDeliver = true,
            DeliveryInterval = TimeSpan.FromMilliseconds(200),
            ShuffleEvents = true,
            LateRate = 0.3,
            MaxLateDelay = TimeSpan.FromSeconds(3),
            RetryDelay = TimeSpan.FromSeconds(1),
            GraphQlLag = TimeSpan.FromSeconds(1),
            Seed = 7,
        });

        // Three integrations with our callback: every event reaches the webhook three times, each copy on its own schedule.
        for (var i = 1; i <= 3; i++)
        {
            NewStore.RegisterIntegration($"leat-connector-copy-{i}", WebhookUrl, ApiKey, NewStoreCommands.HandledEvents);
        }

        var result = await new NewStoreTraffic(NewStore, seed: 5).RunAsync(16);

        Assert.Equal(8, result.Cases.Count);
        await DeliveredAndSettledAsync();
        AssertEveryEventAcceptedThreeTimes();
        var sequences = NewStore.Deliveries.Where(d => d.IntegrationId == "leat-connector-copy-1").Select(d => d.Sequence).ToList();
        Assert.True(sequences.Zip(sequences.Skip(1)).Any(p => p.Second < p.First), "deliveries reached the webhook out of publication order");
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        AssertLeatMatches(result.Orders, result.Returns, result.Appeasements, result.Cancellations);

        // Blind returns (no order) and returns of skipped orders (historical, anonymous) are on the ledger as skipped.
        var notSent = result.Returns.Where(r => r.OrderId is null || result.Orders.Any(o => o.OrderId == r.OrderId && (o.IsHistorical || o.CustomerEmail.Length == 0))).ToList();
        Assert.Contains(notSent, r => r.OrderId is null);
        Assert.All(notSent, r => Assert.DoesNotContain($"newstore:return:{r.ReturnId}", _leat.Returns.Keys));
        foreach (var r in notSent)
        {
            Assert.Equal("skipped", await ScalarAsync<string>($"SELECT status FROM leat.dispatch WHERE kind = 'return' AND external_id = 'newstore:return:{r.ReturnId}'"));
        }
    }

    [Fact]
    public async Task A_return_whose_order_event_never_arrives_fetches_the_order_over_GraphQL_after_the_lag_and_sends_order_then_return()
    {
        var lag = TimeSpan.FromSeconds(2);
        await StartAsync(new NewStoreSimulatorOptions { AutoDeliver = true, DeliveryInterval = TimeSpan.FromMilliseconds(100), GraphQlLag = lag });

        // The integration hears only returns: order.opened is published (GraphQL will know the order) but never delivered.
        NewStore.RegisterIntegration("leat-connector", WebhookUrl, ApiKey, ["return.processed"]);
        var orderId = NewStore.CreateOrder(UsOrder("ada@example.com", ("SKU-1", 2, 2500), ("SKU-2", 1, 1200)) with { Shipping = 595, ShippingTaxRate = 0.0875m });
        var returned = NewStore.CreateReturn(new NewStoreReturnSpec { OrderId = orderId, ProductIds = ["SKU-1"] });
        var published = NewStore.Events.Single(e => e.Name == "order.opened").PublishedAt;

        await DeliveredAndSettledAsync();

        Assert.DoesNotContain(NewStore.Deliveries, d => d.Name == "order.opened");
        Assert.True(NewStore.Requests.Count(r => r.Path == GraphQlPath && r.Status == 200) >= 2, "the first GraphQL read falls inside the lag and finds nothing");
        var sale = Assert.Single(_leat.Orders.Values);
        Assert.Equal($"newstore:{orderId}", sale.ExternalIdentifier);
        var leatReturn = Assert.Single(_leat.Returns.Values);
        Assert.Equal($"newstore:return:{returned.ReturnId}", leatReturn.ExternalIdentifier);
        var creates = _leat.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/create-and-process", StringComparison.Ordinal) && r.ResponseStatus is >= 200 and < 300).ToList();
        Assert.Equal(["/orders/create-and-process", "/order-returns/create-and-process"], creates.Select(r => r.Path[r.Path.IndexOf("/order", StringComparison.Ordinal)..]));
        Assert.True(creates[0].ReceivedAt >= published + lag, "the order went to Leat only once GraphQL knew it");
        AssertLeatMatches(NewStore.Orders, NewStore.Returns, [], []);
    }

    [Fact]
    public async Task Backfill_replays_a_window_the_connector_partly_missed_with_no_duplicate_Leat_effect()
    {
        await StartAsync(new NewStoreSimulatorOptions { AutoDeliver = true, DeliveryInterval = TimeSpan.FromMilliseconds(200), ShuffleEvents = true, GraphQlLag = TimeSpan.FromSeconds(1) });
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var traffic = new NewStoreTraffic(NewStore, seed: 9);

        // Published while no integration pointed at the connector (it was not registered yet): missed.
        var missed = await traffic.RunAsync(8);
        NewStore.RegisterIntegration(NewStoreCommands.PermanentId, WebhookUrl, ApiKey, NewStoreCommands.HandledEvents);
        var heard = await traffic.RunAsync(8);
        await DeliveredAndSettledAsync();
        var ordersHeard = _leat.Orders.Count;
        Assert.True(ordersHeard > 0);
        Assert.DoesNotContain(_leat.Orders.Keys, k => missed.Orders.Any(o => k == $"newstore:{o.OrderId}"));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var until = DateTimeOffset.UtcNow.AddSeconds(-1);

        var (exit, output) = await RunCommandAsync(
            "backfill", "newstore",
            "--since", since.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "--until", until.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            "--poll-interval", "00:00:00.300");

        Assert.True(exit == 0, output);
        Assert.Contains("Registered leat-connector-backfill-", output, StringComparison.Ordinal);
        Assert.DoesNotContain(ApiKey, output, StringComparison.Ordinal);
        await DeliveredAndSettledAsync();
        var replayed = NewStore.Deliveries.Where(d => d.IntegrationId.StartsWith("leat-connector-backfill-", StringComparison.Ordinal)).ToList();
        Assert.Equal(NewStore.Events.Count(e => NewStoreCommands.HandledEvents.Contains(e.Name)), replayed.Count(d => d.Status == 200));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        AssertLeatMatches(
            [.. missed.Orders.Concat(heard.Orders).Select(o => NewStore.GetOrder(o.OrderId)!)],
            [.. missed.Returns.Concat(heard.Returns)],
            [.. missed.Appeasements.Concat(heard.Appeasements)],
            [.. missed.Cancellations.Concat(heard.Cancellations)]);
        Assert.True(_leat.Orders.Count > ordersHeard, "the missed half reached Leat");
    }

    [Fact]
    public async Task A_422_from_Leat_fails_the_job_with_Leats_message_and_a_replay_after_the_fix_succeeds()
    {
        await StartAsync(new NewStoreSimulatorOptions { AutoDeliver = true, DeliveryInterval = TimeSpan.FromMilliseconds(100) });
        NewStore.RegisterIntegration(NewStoreCommands.PermanentId, WebhookUrl, ApiKey, NewStoreCommands.HandledEvents);
        _leat.FailNext(1, 422, null, "/orders/create-and-process");

        var orderId = NewStore.CreateOrder(UsOrder("barbara@example.com", ("SKU-7", 1, 3250)));
        await DeliveredAndSettledAsync();

        var failed = Assert.Single(await Jobs.FindAsync($"newstore:order:{orderId}"));
        Assert.Equal("Failed", failed.State);
        Assert.Equal(0, failed.Retries);
        Assert.StartsWith("Leat answered 422", failed.LastError, StringComparison.Ordinal);
        var injected = Assert.Single(_leat.Requests, r => r.InjectedFault is not null);
        Assert.Contains(LeatMessage(injected.ResponseBody), failed.LastError, StringComparison.Ordinal);
        Assert.Empty(_leat.Orders);

        Assert.True(_connector!.App.Services.GetRequiredService<IBackgroundJobClient>().Requeue(failed.Id));
        await DeliveredAndSettledAsync();

        Assert.Equal("Succeeded", Jobs.Describe(failed.Id, null)!.State);
        AssertLeatMatches(NewStore.Orders, [], [], []);
    }

    [Fact]
    public async Task A_token_that_expires_mid_run_is_refreshed_once_for_every_call_refused_with_it()
    {
        await StartAsync(new NewStoreSimulatorOptions { AutoDeliver = true, DeliveryInterval = TimeSpan.FromMilliseconds(100), GraphQlLag = TimeSpan.Zero, TimeProvider = _newStoreClock });

        // Only returns are delivered, so every order is read over GraphQL with the connector's token.
        NewStore.RegisterIntegration("leat-connector", WebhookUrl, ApiKey, ["return.processed"]);
        Return(NewStore.CreateOrder(UsOrder("grace@example.com", ("SKU-3", 1, 4000))), "SKU-3");
        await DeliveredAndSettledAsync();
        Assert.Equal(1, TokenRequests());

        // NewStore's clock passes the token's lifetime; the connector's does not, so it finds out from the 403s.
        _newStoreClock.Advance(NewStore.Options.TokenTtl + TimeSpan.FromMinutes(1));
        for (var i = 0; i < 8; i++)
        {
            Return(NewStore.CreateOrder(UsOrder($"alan{i}@example.com", ("SKU-4", 1, 1000 + i))), "SKU-4");
        }

        await DeliveredAndSettledAsync();

        Assert.Equal(2, TokenRequests());
        Assert.Contains(NewStore.Requests, r => r.Path == GraphQlPath && r.Status == 403);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        AssertLeatMatches(NewStore.Orders, NewStore.Returns, [], []);

        void Return(string orderId, string product) => NewStore.CreateReturn(new NewStoreReturnSpec { OrderId = orderId, ProductIds = [product] });
        int TokenRequests() => NewStore.Requests.Count(r => r.Path.EndsWith(TokenPath, StringComparison.Ordinal) && r.Status == 200);
    }

    /// <summary>
    /// Leat holds exactly what NewStore published: an order for every order that is neither historical, anonymous (the
    /// missing-email policy skips it) nor wholly cancelled; each with one Leat return per return and appeasement and at
    /// most one per cancellation; the money left on it what the customer is left paying (return fees stay with the
    /// merchant, so they are not taken off in Leat); no second call for anything; and each contact's balance the points
    /// of what is left, by the fake's rule (1 point per whole unit of goods, reversed in proportion, floored).
    /// </summary>
    private void AssertLeatMatches(
        IReadOnlyList<NewStoreOrderSummary> orders,
        IReadOnlyList<NewStoreReturnSummary> returns,
        IReadOnlyList<NewStoreAppeasementSummary> appeasements,
        IReadOnlyList<NewStoreCancellationSummary> cancellations)
    {
        orders = [.. orders.Select(o => NewStore.GetOrder(o.OrderId)!)];
        var synced = orders.Where(o => !o.IsHistorical && o.CustomerEmail.Length > 0).ToList();
        var expected = synced.Where(o => !o.IsCancelled).ToList();
        var wholeCancelled = synced.Where(o => o.IsCancelled).Select(o => $"newstore:{o.OrderId}").ToHashSet();
        var notSynced = orders.Except(synced).Select(o => $"newstore:{o.OrderId}").ToHashSet();
        Assert.All(expected, o => Assert.True(_leat.Orders.ContainsKey($"newstore:{o.OrderId}"), $"order {o.OrderId} ({o.Currency}) is in Leat"));
        Assert.DoesNotContain(_leat.Orders.Keys, notSynced.Contains);
        Assert.All(_leat.Orders.Keys, k => Assert.True(expected.Any(o => k == $"newstore:{o.OrderId}") || wholeCancelled.Contains(k), $"{k} was expected in Leat"));
        Assert.Equal(_leat.Orders.Count, CreateCalls("/orders/create-and-process"));
        Assert.Equal(_leat.Returns.Count, CreateCalls("/order-returns/create-and-process"));

        var balances = new Dictionary<string, (long Low, long High)>(StringComparer.Ordinal);
        foreach (var order in synced)
        {
            var externalId = $"newstore:{order.OrderId}";
            if (!_leat.Orders.TryGetValue(externalId, out var sale))
            {
                continue; // A wholly cancelled order whose cancellation came first: nothing went to Leat, nothing is owed.
            }

            var leatReturns = _leat.Returns.Values.Where(r => r.OrderExternalIdentifier == externalId).ToList();
            var orderReturns = returns.Where(r => r.OrderId == order.OrderId).ToList();
            var orderAppeasements = appeasements.Where(a => a.OrderId == order.OrderId).ToList();
            Assert.All(orderReturns, r => Assert.Contains(leatReturns, l => l.ExternalIdentifier == $"newstore:return:{r.ReturnId}"));
            Assert.All(orderAppeasements, a => Assert.Contains(leatReturns, l => l.ExternalIdentifier == $"newstore:appeasement:{a.RefundRequestId}"));
            var cancelReturns = leatReturns.Count(l => l.ExternalIdentifier.StartsWith($"newstore:cancel:{order.OrderId}:", StringComparison.Ordinal));
            Assert.InRange(cancelReturns, 0, cancellations.Count(c => c.OrderId == order.OrderId));
            Assert.Equal(orderReturns.Count + orderAppeasements.Count + cancelReturns, leatReturns.Count);
            Assert.Equal(sale.Currency, order.Currency);

            var left = Amount(sale.RequestBody, "total_order_amount") - leatReturns.Sum(r => Returned(r.RequestBody));
            var owed = order.Net - orderReturns.Sum(r => r.ReturnFee);

            // Known limit: an appeasement names no items, so one that reaches the connector before the cancellation NewStore
            // published ahead of it is spread over the cancelled units too; the later returns, capped at NewStore's
            // refunds, leave up to that share in Leat. Everywhere else the money left is exact.
            var slack = cancelReturns > 0 && orderAppeasements.Count > 0 ? order.Appeased : 0;
            Assert.True(left >= owed && left <= owed + slack, $"{externalId}: NewStore leaves {order.Net} less fees {orderReturns.Sum(r => r.ReturnFee)}, Leat {left} (slack {slack}); {order}; sale {sale.RequestBody}; returns {string.Join(" | ", leatReturns.Select(r => r.RequestBody))}; ns {string.Join(" | ", orderReturns)}; units {string.Join(",", NewStore.GetUnits(order.OrderId))}");

            var points = ExpectedPoints(order, orderReturns, cancellations.Where(c => c.OrderId == order.OrderId).ToList(), orderAppeasements.Count > 0);

            // The share the known limit leaves in Leat keeps its points too (floored, so at most one more).
            points.High += slack == 0 ? 0 : (slack / (order.Currency == "JPY" ? 1 : 100)) + 1;
            var email = LeatFakeContact.NormaliseEmail(order.CustomerEmail);
            var sum = balances.GetValueOrDefault(email);
            balances[email] = (sum.Low + points.Low, sum.High + points.High);
        }

        foreach (var (email, (low, high)) in balances)
        {
            var contact = Assert.Single(_leat.Contacts, c => c.Email == email);
            Assert.InRange(_leat.ContactBalance(contact.Uuid), low, high);
        }
    }

    /// <summary>
    /// The points left on an order by the Leat fake's rule, from NewStore's amounts: goods bought (less discounts) floored
    /// to whole units; none when every unit went back or was cancelled; after a partial return the proportional
    /// reversal leaves the goods kept, floored, within a point of rounding either way.
    /// </summary>
    private (long Low, long High) ExpectedPoints(NewStoreOrderSummary order, List<NewStoreReturnSummary> orderReturns, List<NewStoreCancellationSummary> orderCancellations, bool appeased)
    {
        var minor = order.Currency == "JPY" ? 1 : 100;
        var goods = order.Subtotal - order.DiscountTotal;
        var units = NewStore.GetUnits(order.OrderId);
        if (units.All(u => u.Status != "opened"))
        {
            return (0, 0);
        }

        if (orderReturns.Count == 0 && orderCancellations.Count == 0 && !appeased)
        {
            return (goods / minor, goods / minor);
        }

        // Goods given back: the refunds without tax (tax_excluded) or with it (tax_included, where prices hold the tax).
        var kept = goods - orderReturns.Sum(r => ReturnedGoods(r, order.PriceMethod)) - orderCancellations.Sum(c => c.Amount);
        return (Math.Max(0, (kept / minor) - 1), Math.Max(0, (kept / minor) + 1));
    }

    private long ReturnedGoods(NewStoreReturnSummary summary, string priceMethod)
    {
        var published = NewStore.Events.First(e => e.Name == "return.processed" && e.EntityId == summary.ReturnId);
        var items = JsonNode.Parse(published.Body)!["payload"]!["items"]!.AsArray();
        var field = priceMethod == NewStoreOrderSpec.TaxIncluded ? "refund_amount" : "refund_excl_tax";
        return items.Sum(i => (long)decimal.Round(i![field]!.GetValue<decimal>() * (summary.Currency == "JPY" ? 1 : 100)));
    }

    private static long Amount(string body, string field)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty(field).GetInt64();
    }

    /// <summary>Money a Leat return gives back: its lines, sub lines and charges, less the order discounts it hands back.</summary>
    private static long Returned(string body)
    {
        using var document = JsonDocument.Parse(body);
        long Sum(string array) => document.RootElement.TryGetProperty(array, out var items)
            ? items.EnumerateArray().Sum(i => i.TryGetProperty("total_amount", out var t) ? t.GetInt64() : i.GetProperty("amount").GetInt64())
            : 0;
        return Sum("line_items") + Sum("sub_line_items") + Sum("charges") - Sum("applied_discounts");
    }

    private static string LeatMessage(string? body)
    {
        using var document = JsonDocument.Parse(body!);
        return document.RootElement.GetProperty("message").GetString()!;
    }

    private int CreateCalls(string path) => _leat.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith(path, StringComparison.Ordinal) && r.InjectedFault is null);

    /// <summary>Every published event the integrations filter for was accepted (200) by the webhook once per integration, and nothing was refused.</summary>
    private void AssertEveryEventAcceptedThreeTimes()
    {
        Assert.All(NewStore.Deliveries, d => Assert.Equal(200, d.Status));
        Assert.All(NewStore.Deliveries, d => Assert.True(d.SentApiKey));
        var handled = NewStore.Events.Where(e => NewStoreCommands.HandledEvents.Contains(e.Name)).ToList();
        Assert.NotEmpty(handled);
        var byEvent = NewStore.Deliveries.GroupBy(d => d.Sequence).ToDictionary(g => g.Key, g => g.Select(d => d.IntegrationId).Order(StringComparer.Ordinal).ToList());
        Assert.All(handled, e => Assert.Equal(["leat-connector-copy-1", "leat-connector-copy-2", "leat-connector-copy-3"], byEvent.GetValueOrDefault(e.Sequence)));
    }

    private static NewStoreOrderSpec UsOrder(string email, params (string Product, int Quantity, long Price)[] lines) => new()
    {
        PriceMethod = NewStoreOrderSpec.TaxExcluded,
        Currency = "USD",
        ChannelType = "web",
        DemandLocationId = "WEB-US",
        CustomerEmail = email,
        Lines = [.. lines.Select(l => new NewStoreLineSpec { ProductId = l.Product, Quantity = l.Quantity, UnitPrice = l.Price, TaxRate = 0.0875m })],
    };

    private async Task StartAsync(NewStoreSimulatorOptions options)
    {
        _newStore = await NewStoreSimulator.StartAsync(options);
        _connector = await ConnectorApp.BuildAsync([.. Settings().Select(s => $"--{s.Key}={s.Value}").Prepend($"http://127.0.0.1:{_port}").Prepend("--urls")], forceSandbox: false, CancellationToken.None);
        await _connector.App.StartAsync();
    }

    /// <summary>The connector's configuration: this database, the repository's mapping files, the Leat fake and the simulator.</summary>
    private Dictionary<string, string> Settings()
    {
        var newStore = NewStore.BaseAddress.ToString().TrimEnd('/');
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Connector"] = _connectionString,
            ["Mappings:Directory"] = RepositoryFiles.PathOf("mappings"),
            ["Leat:BaseUrl"] = _leat.BaseAddress.ToString(),
            ["Leat:ApiToken"] = _leat.ApiToken,
            ["Leat:RequestsPerSecond"] = "500",
            ["NewStore:Tenant"] = NewStore.Options.Tenant,
            ["NewStore:BaseUrl"] = newStore,
            ["NewStore:IdentityUrl"] = newStore,
            ["NewStore:ClientId"] = NewStore.Options.ClientId,
            ["NewStore:ClientSecret"] = NewStore.Options.ClientSecret,
            ["NewStore:EventStreamApiKey"] = ApiKey,
            ["NewStore:WebhookUrl"] = WebhookUrl,
            ["Jobs:RetryBaseDelay"] = "00:00:00.200",
            ["Jobs:RetryMaxDelay"] = "00:00:01",
            ["Jobs:SchedulePollInterval"] = "00:00:01",
            ["Leat:Dispatch:InProgressRetryDelay"] = "00:00:00.300",
            ["Logging:LogLevel:Default"] = "Warning",
        };
    }

    /// <summary>
    /// Runs one of the host's verbs as <c>Connector.Host</c> would from a shell: the real command line, its configuration
    /// from environment variables (this assembly's tests run one at a time, so setting them is safe).
    /// </summary>
    private async Task<(int Exit, string Output)> RunCommandAsync(params string[] args)
    {
        var settings = Settings();
        foreach (var (key, value) in settings)
        {
            Environment.SetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal), value);
        }

        try
        {
            using var output = new StringWriter();
            using var error = new StringWriter();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var exit = await ConnectorCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, timeout.Token);
            return (exit, output + error.ToString());
        }
        finally
        {
            foreach (var key in settings.Keys)
            {
                Environment.SetEnvironmentVariable(key.Replace(":", "__", StringComparison.Ordinal), null);
            }
        }
    }

    /// <summary>Waits until the simulator owes nothing (late copies and retries included), then until the jobs are quiet, twice over.</summary>
    private async Task DeliveredAndSettledAsync()
    {
        for (var round = 0; round < 2; round++)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
            while (NewStore.PendingDeliveries > 0)
            {
                Assert.True(DateTime.UtcNow < deadline, $"{NewStore.PendingDeliveries} deliveries still owed after 30 s");
                await Task.Delay(100);
            }

            await Task.Delay(300);
            try
            {
                await JobsProbe.SettledAsync(_database, TimeSpan.FromSeconds(60));
            }
            catch (TimeoutException e)
            {
                // What Hangfire says of the jobs the keyed work is waiting on, so a hang can be told apart from slowness.
                var states = await ScalarAsync<string>(
                    """
                    SELECT coalesce(string_agg(j.id || ' ' || coalesce(j.statename, '-') || ': ' || (SELECT string_agg(s.name || coalesce(' (' || s.reason || ')', ''), ' → ' ORDER BY s.id) FROM hangfire.state s WHERE s.jobid = j.id), '; '), '')
                      FROM hangfire.job j WHERE j.id::text IN (SELECT job_id FROM jobs.keyed_work)
                    """);
                throw new TimeoutException($"{e.Message} Hangfire jobs of that work: {states}", e);
            }
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The system clock moved forward on demand ("now" only; timers stay real).</summary>
    private sealed class ShiftedClock : TimeProvider
    {
        private long _offsetTicks;

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

        public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
    }
}
