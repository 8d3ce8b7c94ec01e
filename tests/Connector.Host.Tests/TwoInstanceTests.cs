using System.Net.Http.Headers;
using System.Text;
using Connector.Host.Hosting;
using Connector.Platforms.Square.Webhooks;
using Connector.Sandbox.Leat;
using Connector.Sandbox.Square;
using Connector.Testing;
using Npgsql;

namespace Connector.Host.Tests;

/// <summary>
/// Two connector instances on one database, each with several workers, both receiving every webhook (as behind a
/// load balancer that retries on the other node): every sale and return still reaches the Leat fake exactly once.
/// </summary>
public sealed class TwoInstanceTests : IAsyncLifetime
{
    private ConnectorApp _first = null!;
    private ConnectorApp _second = null!;
    private NpgsqlDataSource _database = null!;

    private SquareSimulator Square => _first.Sandbox.Simulator<SquareSimulator>();

    private LeatFake Leat => _first.Sandbox.LeatFake!;

    public async Task InitializeAsync()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync("two");
        _database = NpgsqlDataSource.Create(connectionString);
        string[] common =
        [
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Connector={connectionString}",
            $"--Mappings:Directory={RepositoryFiles.PathOf("mappings")}",
            "--Sandbox:Traffic=false",
            "--Jobs:WorkerCount=4",
            "--Jobs:RetryBaseDelay=00:00:00.200",
            "--Jobs:RetryMaxDelay=00:00:01",
            "--Jobs:SchedulePollInterval=00:00:01",
            "--Leat:Dispatch:InProgressRetryDelay=00:00:00.300",
        ];
        _first = await ConnectorApp.BuildAsync([.. common, "--Square:PollInterval=01:00:00"], forceSandbox: true, CancellationToken.None);
        await _first.App.StartAsync();

        // The second instance is no sandbox: it is pointed at the first one's Leat fake and Square simulator.
        var square = _first.Sandbox.Simulators.Single(s => s.Platform == "square").ConnectorSettings;
        _second = await ConnectorApp.BuildAsync(
        [
            .. common,
            $"--Leat:ApiToken={Leat.ApiToken}",
            $"--Leat:BaseUrl={Leat.BaseAddress}",
            .. square.Select(s => $"--{s.Key}={s.Value}"),
            "--Square:PollInterval=01:00:00",
        ], forceSandbox: false, CancellationToken.None);
        await _second.App.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Sales_and_returns_delivered_to_both_instances_reach_Leat_once_each()
    {
        using var http = new HttpClient();
        var traffic = new SquareTraffic(Square, seed: 23, new SquareTrafficOptions { ReturnRate = 1.0, DuplicateRate = 0.3, OutOfOrderRate = 0.3 });
        var result = await traffic.RunAsync(10);

        // Every event the simulator delivered to the first instance is delivered to the second one as well, twice.
        foreach (var evt in result.Events.Concat(result.Events.Reverse()))
        {
            var body = Encoding.UTF8.GetBytes(evt.Body);
            using var request = new HttpRequestMessage(HttpMethod.Post, _second.Address + "/webhooks/square") { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(SquareWebhookVerifier.SignatureHeader,
                SquareWebhookVerifier.ComputeSignature(Square.Options.WebhookSignatureKey, Square.Options.WebhookNotificationUrl!, body));
            Assert.Equal(System.Net.HttpStatusCode.OK, (await http.SendAsync(request)).StatusCode);
        }

        await JobsProbe.SettledAsync(_database, TimeSpan.FromSeconds(60));

        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
        Assert.Equal(Leat.Orders.Count, Leat.CallCount("POST", "/orders/create-and-process"));
        Assert.Equal(Leat.Returns.Count, Leat.CallCount("POST", "/order-returns/create-and-process"));
        Assert.True(Leat.Returns.Count > 0, "the traffic made no return");
        var sent = await ScalarAsync<long>("SELECT count(*) FROM leat.dispatch WHERE status = 'succeeded'");
        Assert.Equal(Leat.Orders.Count + Leat.Returns.Count, sent);
        Assert.All(Leat.Orders.Values, o => Assert.InRange(o.PointsReversed, 0, o.PointsAwarded));
        Assert.NotEmpty(result.SaleIds);
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
