using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Connector.Host.Hosting;
using Connector.Jobs;
using Connector.Sandbox.CommerceLayer;
using Connector.Sandbox.Leat;
using Connector.Testing;
using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Connector.Host.Tests;

/// <summary>
/// Real HTTP all the way: the Commerce Layer simulator issues tokens, serves JSON:API orders and returns and delivers
/// signed webhooks to the connector host's <c>/webhooks/commercelayer</c>; the host (real PostgreSQL, its Refit client
/// against the simulator, its job server) sends to the Leat fake. Expectations come from what the simulator generated.
/// </summary>
public sealed class CommerceLayerEndToEndTests : IAsyncLifetime
{
    private const string Secret = "e2e-commercelayer-secret";
    private static readonly string[] Topics = ["orders.place", "orders.approve", "orders.stop_editing", "orders.cancel", "returns.receive", "refunds.succeeded"];

    private string _connectionString = null!;
    private NpgsqlDataSource _database = null!;
    private LeatFake _leat = null!;
    private CommerceLayerSimulator _commerceLayer = null!;
    private ConnectorApp? _connector;
    private int _port;

    private string WebhookUrl => $"http://127.0.0.1:{_port}/webhooks/commercelayer";

    private JobSearch Jobs => _connector!.App.Services.GetRequiredService<JobSearch>();

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("cle2e");
        _database = NpgsqlDataSource.Create(_connectionString);
        _leat = await LeatFake.StartAsync(new LeatFakeOptions { DefaultCurrency = "EUR" });
        _port = FreePort();
        _commerceLayer = await CommerceLayerSimulator.StartAsync(new CommerceLayerSimulatorOptions { ShuffleDeliveries = true, LateRate = 0.3, Seed = 3 });
    }

    public async Task DisposeAsync()
    {
        if (_connector is not null)
        {
            await _connector.DisposeAsync();
        }

        await _commerceLayer.DisposeAsync();
        await _leat.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Generated_traffic_with_every_webhook_delivered_three_times_and_shuffled_lands_in_Leat_once_each()
    {
        // Three webhooks per topic to our callback: every change reaches the connector three times.
        for (var copy = 0; copy < 3; copy++)
        {
            foreach (var topic in Topics)
            {
                _commerceLayer.RegisterWebhook(topic, WebhookUrl, "order", Secret);
            }
        }

        await StartConnectorAsync();
        // Mixed traffic: gift cards redeemed and bought, adjustments, returns, refunds without a return, cancellations
        // and edits before approval, each delivered in the same shuffled flushes as the orders they change.
        var traffic = new CommerceLayerTraffic(_commerceLayer, seed: 21);
        for (var round = 0; round < 3; round++)
        {
            for (var i = 0; i < 10; i++)
            {
                traffic.Step();
            }

            await DeliverAndSettleAsync();
        }

        Assert.Contains(traffic.Expected, e => e.Returns > 1);
        Assert.Contains(traffic.Expected, e => e.Cancelled);
        Assert.Contains(traffic.Expected, e => e.Currency == "USD");
        Assert.All(_commerceLayer.Deliveries, d => Assert.Equal(200, d.StatusCode));
        Assert.True(_commerceLayer.Deliveries.Count >= 3 * traffic.Expected.Count, "every change was delivered three times");
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        AssertLeatMatches(traffic.Expected);
    }

    [Fact]
    public async Task The_poll_finds_what_no_webhook_announced_and_a_webhook_for_the_same_order_adds_nothing()
    {
        await StartConnectorAsync(("CommerceLayer:PollInterval", "00:00:02"));
        var traffic = new CommerceLayerTraffic(_commerceLayer, seed: 4);
        for (var i = 0; i < 6; i++)
        {
            traffic.PlaceOrder();
        }

        // No webhook yet: only the poll can see these.
        await WaitUntilAsync(() => _leat.Orders.Count == traffic.Expected.Count, TimeSpan.FromSeconds(40), "the poll found every order");
        foreach (var topic in Topics)
        {
            _commerceLayer.RegisterWebhook(topic, WebhookUrl, "order", Secret);
        }

        traffic.PlaceOrder();
        await DeliverAndSettleAsync();

        AssertLeatMatches(traffic.Expected);
    }

    [Fact]
    public async Task A_422_from_Leat_fails_the_job_with_Leats_message_and_a_replay_after_the_fix_succeeds()
    {
        foreach (var topic in Topics)
        {
            _commerceLayer.RegisterWebhook(topic, WebhookUrl, "order", Secret);
        }

        await StartConnectorAsync();
        _leat.FailNext(1, 422, null, "/orders/create-and-process");
        var traffic = new CommerceLayerTraffic(_commerceLayer, seed: 8);
        var order = traffic.PlaceOrder();
        await DeliverAndSettleAsync();

        var failed = Assert.Single(await Jobs.FindAsync($"commercelayer:order:{order.OrderId}"), j => j.State == "Failed");
        Assert.StartsWith("Leat answered 422", failed.LastError, StringComparison.Ordinal);
        var injected = Assert.Single(_leat.Requests, r => r.InjectedFault is not null);
        using (var body = JsonDocument.Parse(injected.ResponseBody!))
        {
            Assert.Contains(body.RootElement.GetProperty("message").GetString()!, failed.LastError, StringComparison.Ordinal);
        }

        Assert.Empty(_leat.Orders);
        Assert.True(_connector!.App.Services.GetRequiredService<IBackgroundJobClient>().Requeue(failed.Id));
        await DeliverAndSettleAsync();

        Assert.Equal("Succeeded", Jobs.Describe(failed.Id, null)!.State);
        AssertLeatMatches(traffic.Expected);
    }

    [Fact]
    public async Task A_forged_or_unsigned_delivery_is_refused_and_stores_nothing()
    {
        await StartConnectorAsync();
        using var http = new HttpClient();
        const string body = """{"data":{"id":"OrdX","type":"orders","attributes":{"updated_at":"2026-11-01T00:00:00.000Z"}}}""";

        async Task<HttpStatusCode> PostAsync(string? signature)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, WebhookUrl) { Content = new StringContent(body) };
            request.Headers.Add("X-CommerceLayer-Topic", "orders.approve");
            if (signature is not null)
            {
                request.Headers.Add("X-CommerceLayer-Signature", signature);
            }

            using var response = await http.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(null));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(CommerceLayerSimulator.Sign("some-other-secret", body)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(CommerceLayerSimulator.Sign(Secret, body)));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM intake.webhook_inbox WHERE platform = 'commercelayer'"));
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM intake.webhook_rejection WHERE platform = 'commercelayer'"));
    }

    [Fact]
    public async Task An_order_cancelled_after_it_reached_Leat_takes_its_points_back_once_and_a_cancelled_return_never_reaches_Leat()
    {
        foreach (var topic in Topics.Concat(Topics))
        {
            _commerceLayer.RegisterWebhook(topic, WebhookUrl, "order", Secret);
        }

        await StartConnectorAsync(("CommerceLayer:PollInterval", "00:00:02"));
        var traffic = new CommerceLayerTraffic(_commerceLayer, seed: 30);
        var kept = traffic.PlaceOrder();
        var cancelled = traffic.PlaceOrder();
        await DeliverAndSettleAsync();
        Assert.Equal(2, _leat.Orders.Count);

        traffic.CancelOrder(cancelled.OrderId);
        var returnId = traffic.RequestAndCancelReturn(kept.OrderId);
        await DeliverAndSettleAsync();
        // The cancelled return has no webhook: wait for a poll to have seen it.
        await WaitUntilAsync(() => Status($"commercelayer:return:{returnId}") == "skipped", TimeSpan.FromSeconds(30), "the poll recorded the cancelled return");

        var cancellation = Assert.Single(_leat.Returns.Values, r => r.ExternalIdentifier == $"commercelayer:cancel:{cancelled.OrderId}");
        var sale = _leat.Orders[$"commercelayer:{cancelled.OrderId}"];
        // Everything the sale held (lines and charges) came back, in one return.
        Assert.Equal(Amount(sale.RequestBody, "total_order_amount"), Given(cancellation.RequestBody) + _leat.Returns.Values.Where(r => r.OrderExternalIdentifier == $"commercelayer:{cancelled.OrderId}" && r != cancellation).Sum(r => Given(r.RequestBody)));
        Assert.DoesNotContain(_leat.Returns.Keys, k => k == $"commercelayer:return:{returnId}");
        AssertLeatMatches(traffic.Expected);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
    }

    [Fact]
    public async Task An_order_edited_before_approval_reaches_Leat_once_as_edited()
    {
        foreach (var topic in Topics)
        {
            _commerceLayer.RegisterWebhook(topic, WebhookUrl, "order", Secret);
        }

        await StartConnectorAsync();
        var traffic = new CommerceLayerTraffic(_commerceLayer, seed: 12);
        var placed = traffic.PlaceOrderAwaitingApproval();
        await DeliverAndSettleAsync();
        // Placed is not the default trigger (approved): the connector saw it and sent nothing.
        Assert.Contains(_commerceLayer.Deliveries, d => d.Topic == "orders.place" && d.StatusCode == 200);
        Assert.Empty(_leat.Orders);

        var edited = traffic.EditAndApprove(placed.OrderId);
        await DeliverAndSettleAsync();

        Assert.True(edited.Total > placed.Total);
        AssertLeatMatches(traffic.Expected);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
    }

    [Fact]
    public async Task A_token_that_expires_mid_run_is_renewed_once_and_nothing_is_lost()
    {
        foreach (var topic in Topics)
        {
            _commerceLayer.RegisterWebhook(topic, WebhookUrl, "order", Secret);
        }

        await StartConnectorAsync();
        var traffic = new CommerceLayerTraffic(_commerceLayer, seed: 17);
        for (var i = 0; i < 4; i++)
        {
            traffic.PlaceOrder();
        }

        await DeliverAndSettleAsync();
        Assert.Equal(1, _commerceLayer.TokensIssued);

        // Commerce Layer ends the token before the connector expected (it caches it until 600 s before expiry).
        _commerceLayer.ExpireTokens();
        for (var i = 0; i < 6; i++)
        {
            traffic.PlaceOrder();
        }

        await DeliverAndSettleAsync();

        Assert.True(_commerceLayer.Unauthorized >= 1, "the connector used the ended token");
        Assert.Equal(2, _commerceLayer.TokensIssued);
        AssertLeatMatches(traffic.Expected);
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
    }

    private string? Status(string externalId)
    {
        using var command = _database.CreateCommand("SELECT status FROM leat.dispatch WHERE external_id = @id");
        command.Parameters.AddWithValue("id", externalId);
        return command.ExecuteScalar() as string;
    }

    /// <summary>Money a Leat return gives back: its lines and charges.</summary>
    private static long Given(string body)
    {
        using var document = JsonDocument.Parse(body);
        long Sum(string array) => document.RootElement.TryGetProperty(array, out var items) ? items.EnumerateArray().Sum(i => i.GetProperty("total_amount").GetInt64()) : 0;
        return Sum("line_items") + Sum("charges");
    }

    /// <summary>
    /// Leat holds one order per generated order at its total, and per order the generated number of returns (returns,
    /// refunds without a return, a cancellation) giving back exactly the money expected; each sent in one call.
    /// </summary>
    private void AssertLeatMatches(IReadOnlyList<CommerceLayerExpectedOrder> expected)
    {
        Assert.Equal(expected.Count, _leat.Orders.Count);
        Assert.Equal(_leat.Orders.Count, Calls("/orders/create-and-process"));
        Assert.Equal(expected.Sum(e => e.Returns), _leat.Returns.Count);
        Assert.Equal(_leat.Returns.Count, Calls("/order-returns/create-and-process"));
        foreach (var order in expected)
        {
            var sale = _leat.Orders[$"commercelayer:{order.OrderId}"];
            Assert.Equal(order.Total, Amount(sale.RequestBody, "total_order_amount"));
            var returns = _leat.Returns.Values.Where(r => r.OrderExternalIdentifier == $"commercelayer:{order.OrderId}").ToList();
            Assert.Equal((order.OrderId, order.Returns, order.Returned), (order.OrderId, returns.Count, returns.Sum(r => Given(r.RequestBody))));
        }
    }

    private int Calls(string path) => _leat.Requests.Count(r => r.Method == "POST" && r.Path.EndsWith(path, StringComparison.Ordinal) && r.InjectedFault is null);

    private static long Amount(string body, string field)
    {
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty(field).GetInt64();
    }

    private async Task StartConnectorAsync(params (string Key, string Value)[] extra)
    {
        var address = _commerceLayer.BaseAddress.ToString().TrimEnd('/');
        var settings = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ConnectionStrings:Connector"] = _connectionString,
            ["Mappings:Directory"] = RepositoryFiles.PathOf("mappings"),
            ["Leat:BaseUrl"] = _leat.BaseAddress.ToString(),
            ["Leat:ApiToken"] = _leat.ApiToken,
            ["Leat:RequestsPerSecond"] = "500",
            ["CommerceLayer:OrganizationSlug"] = _commerceLayer.Options.OrganizationSlug,
            ["CommerceLayer:BaseUrl"] = address,
            ["CommerceLayer:AuthUrl"] = address,
            ["CommerceLayer:ClientId"] = _commerceLayer.Options.ClientId,
            ["CommerceLayer:ClientSecret"] = _commerceLayer.Options.ClientSecret,
            ["CommerceLayer:WebhookSharedSecret"] = $"an-old-rotated-secret,{Secret}",
            ["CommerceLayer:WebhookUrl"] = WebhookUrl,
            ["CommerceLayer:PollInterval"] = "00:01:00",
            ["Jobs:RetryBaseDelay"] = "00:00:00.200",
            ["Jobs:RetryMaxDelay"] = "00:00:01",
            ["Jobs:SchedulePollInterval"] = "00:00:01",
            ["Leat:Dispatch:InProgressRetryDelay"] = "00:00:00.300",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        _connector = await ConnectorApp.BuildAsync([.. settings.Select(s => $"--{s.Key}={s.Value}").Prepend($"http://127.0.0.1:{_port}").Prepend("--urls")], forceSandbox: false, CancellationToken.None);
        await _connector.App.StartAsync();
    }

    /// <summary>Flushes the simulator until it owes nothing (late copies included), then waits for the jobs to be quiet, twice over.</summary>
    private async Task DeliverAndSettleAsync()
    {
        for (var round = 0; round < 2; round++)
        {
            for (var flush = 0; flush < 6; flush++)
            {
                await _commerceLayer.FlushAsync();
            }

            await Task.Delay(300);
            await JobsProbe.SettledAsync(_database, TimeSpan.FromSeconds(60));
        }
    }

    private static async Task WaitUntilAsync(Func<bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting until {what}");
            await Task.Delay(200);
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
}
