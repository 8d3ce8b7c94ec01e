using System.Diagnostics;
using System.Globalization;
using Connector.Core.Database;
using Connector.Leat;
using Connector.Leat.Dispatch;
using Connector.Leat.Model;
using Connector.Sandbox.Leat;
using Connector.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Benchmarks;

/// <summary>
/// The dispatcher's own cost per dispatch — ledger claims, payload hashing and balance checks, return caps
/// under row locks, contact cache — with Leat's latency taken out: the time each dispatch spends inside HTTP
/// calls to the Leat fake is measured by an innermost handler and subtracted. Sequential, so the figures are
/// per-dispatch latency, not throughput.
/// </summary>
internal sealed class DispatcherBenchmark : IBenchmarkSuite
{
    public string Name => "dispatcher";

    public string Description => "dispatcher overhead per dispatch excluding Leat's latency (target p50 < 2 ms)";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
        await using var fake = await LeatFake.StartAsync(new LeatFakeOptions { MaxRecordedRequests = 100 }, cancellationToken);
        var connectionString = await PostgresServer.CreateDatabaseAsync("bench");
        var timing = new LeatTiming();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Leat:BaseUrl"] = fake.BaseAddress.ToString(),
            ["Leat:ApiToken"] = fake.ApiToken,
            ["Leat:RequestsPerSecond"] = "1000",
        }).Build();
        var services = new ServiceCollection().AddLogging(l => l.SetMinimumLevel(LogLevel.Error)).AddSingleton(ConnectorDataSource.Create(connectionString));
        services.AddLeatClient(configuration).AddHttpMessageHandler(() => new TimingHandler(timing));
        services.AddLeatDispatch(configuration);
        await using var provider = services.BuildServiceProvider();
        await LeatSchema.MigrateAsync(provider.GetRequiredService<NpgsqlDataSource>(), cancellationToken);
        var dispatcher = provider.GetRequiredService<LeatDispatcher>();

        // Warm up JIT, pools and the contact cache (20 customers) before measuring.
        for (var i = 0; i < 100; i++)
        {
            await dispatcher.DispatchOrderAsync(Sale($"warm-{i}", i), cancellationToken);
        }

        var orders = await MeasureAsync(count, timing, i => dispatcher.DispatchOrderAsync(Sale($"o-{i}", i), cancellationToken));
        var returns = await MeasureAsync(count, timing, i => dispatcher.DispatchReturnAsync(Return(i), cancellationToken));
        var repeats = await MeasureAsync(count, timing, i => dispatcher.DispatchOrderAsync(Sale($"o-{i}", i), cancellationToken));

        Console.WriteLine($"{count} dispatches each, sequential, PostgreSQL and the Leat fake on loopback");
        Console.WriteLine($"{"case",-34} {"overhead p50",13} {"p95",8} {"p99",8} {"Leat p50",10}");
        Print("order, sent (create-and-process)", orders);
        Print("return, capped and sent", returns);
        Print("order again (already succeeded)", repeats);
        var p50 = Percentile(orders.Overhead, 0.5);
        Console.WriteLine($"target: order overhead p50 < 2 ms -> {(p50 < 2 ? "met" : "MISSED")} ({p50:0.000} ms)");
    }

    private static async Task<(double[] Overhead, double[] Leat)> MeasureAsync(int count, LeatTiming timing, Func<int, Task<DispatchResult>> dispatch)
    {
        var overhead = new double[count];
        var leat = new double[count];
        for (var i = 0; i < count; i++)
        {
            timing.Reset();
            var started = Stopwatch.GetTimestamp();
            await dispatch(i);
            var total = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            leat[i] = timing.Milliseconds;
            overhead[i] = total - leat[i];
        }

        return (overhead, leat);
    }

    private static void Print(string name, (double[] Overhead, double[] Leat) figures) =>
        Console.WriteLine($"{name,-34} {Percentile(figures.Overhead, 0.5),10:0.000} ms {Percentile(figures.Overhead, 0.95),8:0.000} {Percentile(figures.Overhead, 0.99),8:0.000} {Percentile(figures.Leat, 0.5),7:0.000} ms");

    private static double Percentile(double[] values, double p)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];
    }

    private static OrderDispatch Sale(string id, int i) => new()
    {
        Platform = "bench",
        SourceId = id,
        CustomerEmail = $"customer{i % 20}@example.com",
        Order = new LeatOrderRequest
        {
            ExternalIdentifier = id,
            Status = LeatOrderStatus.Completed,
            PaymentStatus = LeatPaymentStatus.Paid,
            Currency = "EUR",
            OrderAmount = 3200,
            TotalOrderAmount = 3300,
            Contact = new LeatUuidRef(""),
            BusinessProfile = new LeatUuidRef(LeatFakeOptions.DefaultShops[0].Uuid),
            LineItems =
            [
                new LeatLineItem { ExternalIdentifier = $"{id}:1", Name = "Coffee", Quantity = 2, Price = 350, TotalAmount = 700 },
                new LeatLineItem
                {
                    ExternalIdentifier = $"{id}:2", Name = "Beans", Quantity = 1, Price = 2500, TotalAmount = 2500,
                    SubLineItems = [new LeatSubLineItem { ExternalIdentifier = $"{id}:2:grind", Name = "Ground", Quantity = 1, Price = 0, TotalAmount = 0 }],
                },
            ],
            Charges = [new LeatCharge { ExternalIdentifier = $"{id}:tip", Name = "Tip", TotalAmount = 100 }],
        },
    };

    private static ReturnDispatch Return(int i) => new()
    {
        Platform = "bench",
        SourceId = $"r-{i}",
        Return = new LeatOrderReturnRequest
        {
            ExternalIdentifier = $"r-{i}",
            Order = new LeatOrderReference(null, $"o-{i}"),
            Status = LeatReturnStatus.Completed,
            LineItems = [new LeatReturnLineItem { ExternalIdentifier = $"o-{i}:1", Quantity = 1 }],
        },
    };

    /// <summary>Time spent inside HTTP calls to Leat since the last reset (one dispatch at a time).</summary>
    private sealed class LeatTiming
    {
        private long _ticks;

        public double Milliseconds => TimeSpan.FromTicks(Interlocked.Read(ref _ticks)).TotalMilliseconds;

        public void Reset() => Interlocked.Exchange(ref _ticks, 0);

        public void Add(TimeSpan elapsed) => Interlocked.Add(ref _ticks, elapsed.Ticks);
    }

    /// <summary>Innermost handler: measures only the wire round trip, not our serialisation or rate limiting.</summary>
    private sealed class TimingHandler(LeatTiming timing) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var started = Stopwatch.GetTimestamp();
            var response = await base.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            timing.Add(Stopwatch.GetElapsedTime(started));
            return response;
        }
    }
}
