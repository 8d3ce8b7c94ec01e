using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Connector.Host.Hosting;
using Connector.Sandbox.Leat;
using Connector.Sandbox.Square;
using Connector.Testing;
using Npgsql;

namespace Connector.Host.Tests;

/// <summary>
/// A real connector process is killed (SIGKILL) while its jobs wait on Leat; another instance on the same database
/// finishes the work: every sale reaches Leat exactly once, and nothing is left failed or in flight.
/// </summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private const int Sales = 6;

    private LeatFake _leat = null!;
    private SquareSimulator _square = null!;
    private NpgsqlDataSource _database = null!;
    private string _connectionString = "";
    private int _childPort;

    public async Task InitializeAsync()
    {
        _connectionString = await PostgresServer.CreateDatabaseAsync("crash");
        _database = NpgsqlDataSource.Create(_connectionString);
        _childPort = FreePort();
        _leat = await LeatFake.StartAsync();
        _square = await SquareSimulator.StartAsync(new SquareSimulatorOptions { WebhookNotificationUrl = $"http://127.0.0.1:{_childPort}/webhooks/square" });
    }

    public async Task DisposeAsync()
    {
        await _square.DisposeAsync();
        await _leat.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task Sales_held_by_a_killed_process_reach_Leat_exactly_once_through_another_instance()
    {
        // Each of the first sales' Leat calls is held long enough for the kill to land while it is in flight.
        _leat.DelayNext(3, TimeSpan.FromSeconds(20), "/orders/create-and-process");
        using var child = StartChild();
        await WaitReadyAsync($"http://127.0.0.1:{_childPort}/health/ready", child);

        var saleIds = new List<string>();
        for (var i = 0; i < Sales; i++)
        {
            var customer = _square.AddCustomer($"crash{i}@example.com");
            var saleId = _square.CreateSale(new SaleSpec
            {
                CustomerId = customer,
                LocationId = SquareSimulatorOptions.DefaultLocations[0].Id,
                Lines = [new SaleLineSpec { Name = "Tea", BasePrice = 1000 + (100 * i), Quantity = 1m, CatalogObjectId = "ITEM-Tea" }],
            });
            saleIds.Add(saleId);
            Assert.Equal(200, await _square.SendWebhookAsync("order.updated", saleId));
        }

        // Killed only once three sends are under way (claimed in the ledger, held by the fake).
        await UntilAsync(async () => await ScalarAsync<long>("SELECT count(*) FROM leat.dispatch WHERE status = 'in_flight'") >= 3, TimeSpan.FromSeconds(30));
        child.Kill(entireProcessTree: true);
        await child.WaitForExitAsync();

        await using var survivor = await ConnectorApp.BuildAsync([.. Settings("http://127.0.0.1:0")], forceSandbox: false, CancellationToken.None);
        await survivor.App.StartAsync();
        await JobsProbe.SettledAsync(_database, TimeSpan.FromSeconds(120));

        Assert.Equal(Sales, _leat.Orders.Count);
        Assert.All(saleIds, id => Assert.True(_leat.Orders.ContainsKey($"square:{id}"), $"square:{id} is not in Leat"));
        Assert.All(_leat.Orders.Values, o => Assert.InRange(o.PointsAwarded, 10, 15));
        Assert.Equal(Sales, await ScalarAsync<long>("SELECT count(*) FROM leat.dispatch WHERE kind = 'order' AND status = 'succeeded'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM leat.dispatch WHERE status = 'in_flight'"));
        Assert.Equal(0L, await ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE statename = 'Failed'"));
    }

    private IEnumerable<string> Settings(string urls) =>
    [
        "--urls", urls,
        $"--ConnectionStrings:Connector={_connectionString}",
        $"--Mappings:Directory={RepositoryFiles.PathOf("mappings")}",
        $"--Leat:ApiToken={_leat.ApiToken}",
        $"--Leat:BaseUrl={_leat.BaseAddress}",
        $"--Square:BaseUrl={_square.BaseAddress}",
        $"--Square:AccessToken={_square.Options.AccessToken}",
        $"--Square:WebhookSignatureKey={_square.Options.WebhookSignatureKey}",
        $"--Square:WebhookNotificationUrl={_square.Options.WebhookNotificationUrl}",
        "--Square:PollInterval=01:00:00",
        "--Jobs:InvisibilityTimeout=00:00:30",
        "--Jobs:SchedulePollInterval=00:00:01",
        "--Jobs:RetryBaseDelay=00:00:00.500",
        "--Jobs:RetryMaxDelay=00:00:02",
        "--Leat:Timeout=00:00:40",
        "--Leat:TotalTimeout=00:00:50",
        "--Leat:Dispatch:ClaimTimeout=00:01:00",
        "--Leat:Dispatch:OwnerHeartbeatInterval=00:00:01",
        "--Leat:Dispatch:OwnerTimeout=00:00:03",
        "--Leat:Dispatch:InProgressRetryDelay=00:00:01",
        "--Logging:LogLevel:Default=Warning",
    ];

    private Process StartChild()
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Connector.Host"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var argument in Settings($"http://127.0.0.1:{_childPort}"))
        {
            start.ArgumentList.Add(argument);
        }

        var child = Process.Start(start)!;
        child.OutputDataReceived += (_, _) => { };
        child.ErrorDataReceived += (_, _) => { };
        child.BeginOutputReadLine();
        child.BeginErrorReadLine();
        return child;
    }

    private static async Task WaitReadyAsync(string url, Process child)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await UntilAsync(async () =>
        {
            Assert.False(child.HasExited, $"the connector process exited with {(child.HasExited ? child.ExitCode : 0)}");
            try
            {
                return (await http.GetAsync(url)).StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(60));
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {timeout}.");
            }

            await Task.Delay(100);
        }
    }

    private async Task<T> ScalarAsync<T>(string sql)
    {
        await using var command = _database.CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
