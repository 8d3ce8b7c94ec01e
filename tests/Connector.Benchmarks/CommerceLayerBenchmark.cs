using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.RateLimiting;
using Connector.Host.Hosting;
using Connector.Leat.Model;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Jobs;
using Connector.Platforms.CommerceLayer.Mapping;
using Connector.Platforms.CommerceLayer.Model;
using Connector.Platforms.CommerceLayer.Webhooks;
using Connector.Sandbox.CommerceLayer;
using Connector.Testing;
using Microsoft.Extensions.DependencyInjection;
using static Connector.Benchmarks.BenchmarkKit;

namespace Connector.Benchmarks;

/// <summary>
/// The Commerce Layer integration on this machine, measured as <see cref="NewStoreBenchmark"/> measures NewStore:
/// reading and mapping throughput over the Commerce Layer golden inputs (single thread, pure CPU), webhook
/// acknowledgement latency of the real host under concurrent signed <c>orders.approve</c> deliveries (the order jobs they
/// start run at the same time and read each order from the simulator), and end-to-end returns per second from
/// <c>returns.receive</c> deliveries to returns recorded by the Leat fake. The bodies are the simulator's resource
/// documents, signed here with the webhook's shared secret before any timing starts.
/// Options: <c>[webhooks N] [returns S] [senders C] [workers W] [rate R/s]</c>, e.g. <c>commercelayer 4000 2000 8 8 250</c>.
/// </summary>
internal sealed class CommerceLayerBenchmark : IBenchmarkSuite
{
    private const double ReturnsTarget = 100;
    private const int WarmUpWebhooks = 200;
    private const int WarmUpMaxRounds = 15;
    private const int WarmUpSettledJit = 50;
    private const string SharedSecret = "bench-commercelayer-webhook-secret";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    public string Name => "commercelayer";

    public string Description => "Commerce Layer: reading + mapping orders/s and returns/s, webhook ack p50/p99 under load, end-to-end returns/s (targets p99 < 20 ms at 250/s offered, >= 100 returns/s)";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var webhooks = Arg(args, 0, 2000);
        // At most 3000: the Leat fake keeps the last 10 000 requests, and the per-return count below is read from them.
        var returns = Math.Min(Math.Min(Arg(args, 1, 2000), 2 * webhooks), 3000);
        var senders = Arg(args, 2, 8);
        var workers = Arg(args, 3, new Connector.Jobs.JobsOptions().WorkerCount);
        var rate = Arg(args, 4, 250);
        var root = RepositoryRoot();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load at start: {Load()}");
        Console.WriteLine();

        MeasureMapping(root);
        Console.WriteLine();

        var connectionString = await PostgresServer.CreateDatabaseAsync("clbench");
        await using var outside = await OutsideWorldProcess.StartAsync(cancellationToken);
        await using var connector = await ConnectorApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Connector={connectionString}",
            $"--Mappings:Directory={Path.Combine(root, "mappings")}",
            $"--Leat:BaseUrl={outside.LeatBaseUrl}",
            $"--Leat:ApiToken={outside.LeatApiToken}",
            "--Leat:RequestsPerSecond=1000",
            $"--CommerceLayer:OrganizationSlug={outside.CommerceLayerSlug}",
            $"--CommerceLayer:BaseUrl={outside.CommerceLayerBaseUrl}",
            $"--CommerceLayer:AuthUrl={outside.CommerceLayerBaseUrl}",
            $"--CommerceLayer:ClientId={outside.CommerceLayerClientId}",
            $"--CommerceLayer:ClientSecret={outside.CommerceLayerClientSecret}",
            $"--CommerceLayer:WebhookSharedSecret={SharedSecret}",
            "--CommerceLayer:WebhookUrl=http://127.0.0.1/webhooks/commercelayer",
            $"--Jobs:WorkerCount={workers}",
            // Per-job Information logs to the console would be a large part of what is measured.
            "--Logging:LogLevel:Default=Warning",
        ],
        forceSandbox: false,
        cancellationToken,
        // The client paces every call to Commerce Layer's documented 200 reads/min (validated, not configurable above
        // it), which would make this a measurement of the limiter; lifted here, as Leat's is, to measure the connector.
        services => services.AddKeyedSingleton<RateLimiter>(CommerceLayerClientServiceCollectionExtensions.LimiterKey, new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
        {
            TokenLimit = 1_000_000,
            TokensPerPeriod = 1_000_000,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
        })));
        await connector.App.StartAsync(cancellationToken);

        // The recurring poll would re-read every order of the last hour mid-run (a sync job each): realistic, but it
        // lands in one run and not the next, so the figures below measure webhook-driven work only (see SquareBenchmark).
        connector.App.Services.GetRequiredService<Hangfire.IRecurringJobManager>().RemoveIfExists(CommerceLayerJobKinds.Poll);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var endpoint = new Uri(connector.Address + "/webhooks/commercelayer");
        Task<(List<double> Latencies, double PerSecond)> SendAsync(List<Signed> events) => DeliverAsync(http, events.Count, i => Delivery(endpoint, events[i]), senders, cancellationToken);

        async Task<(List<string> Ids, List<Signed> Events)> NewOrdersAsync(int count)
        {
            var answer = (await outside.CallAsync($"cl-orders {count}", cancellationToken)).Split(' ');
            return ([.. answer.Select(a => a[..a.IndexOf(':', StringComparison.Ordinal)])],
                [.. answer.Select(a => Sign("orders.approve", Convert.FromBase64String(a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..])))]);
        }

        async Task<List<Signed>> ReturnEventsAsync(IEnumerable<string> orders) =>
            [.. (await outside.CallAsync($"cl-returns {string.Join(' ', orders)}", cancellationToken)).Split(' ').Select(b => Sign("returns.receive", Convert.FromBase64String(b)))];

        async Task<(int Orders, int Returns)> CountsAsync()
        {
            var counts = (await outside.CallAsync("counts", cancellationToken)).Split(' ');
            return (int.Parse(counts[0], CultureInfo.InvariantCulture), int.Parse(counts[1], CultureInfo.InvariantCulture));
        }

        async Task<int> CommerceLayerRequestsAsync() => int.Parse(await outside.CallAsync("cl-requests", cancellationToken), CultureInfo.InvariantCulture);

        var expectedOrders = 0;
        Task OrdersInLeatAsync(string what) => WaitForAsync(async () => (await CountsAsync()).Orders >= expectedOrders, SettleTimeout, what, cancellationToken);

        // Warm-up (untimed) in rounds of orders then returns, until the JIT has settled (see SquareBenchmark).
        var rounds = 0;
        long jitted;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            var (warmUp, warmUpEvents) = await NewOrdersAsync(WarmUpWebhooks);
            await SendAsync(warmUpEvents);
            expectedOrders += warmUp.Count;
            await OrdersInLeatAsync("warm-up orders in Leat");
            var returned = (await CountsAsync()).Returns;
            await SendAsync(await ReturnEventsAsync(warmUp));
            await WaitForAsync(async () => (await CountsAsync()).Returns - returned >= warmUp.Count, SettleTimeout, "warm-up returns in Leat", cancellationToken);
            jitted = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
            rounds++;
        }
        while (jitted > WarmUpSettledJit && rounds < WarmUpMaxRounds);

        await using (var analyse = Npgsql.NpgsqlDataSource.Create(connectionString))
        {
            await using var command = analyse.CreateCommand("ANALYZE");
            await command.ExecuteNonQueryAsync(cancellationToken);
        }

        var settled = jitted <= WarmUpSettledJit ? "settled" : $"not settled below {WarmUpSettledJit} after {WarmUpMaxRounds} rounds";
        Console.WriteLine($"warm-up: {rounds} rounds of {WarmUpWebhooks} orders + returns, then ANALYZE; the last round JIT-compiled {jitted} methods ({settled})");
        Console.WriteLine("the Commerce Layer simulator and the Leat fake run in a child process, as the remote services they stand for; the webhook senders run in this one");
        Console.WriteLine();
        Console.WriteLine($"webhook acknowledgement: {webhooks} signed orders.approve POSTs per case; the host's {workers} job workers sync each order (Commerce Layer read → Leat call) meanwhile");
        Console.WriteLine($"{"case",-36} {"req/s",8} {"p50 ms",8} {"p99 ms",8} {"max ms",8}  load (1/5/15 min)");
        var jitBefore = System.Runtime.JitInfo.GetCompiledMethodCount();
        var gcBefore = GcFigures.Now();
        var (saturated, saturatedEvents) = await NewOrdersAsync(webhooks);
        var loadBefore = Load();
        var ack = await SendAsync(saturatedEvents);
        Console.WriteLine($"{$"  saturation ({senders} senders, closed loop)",-36} {ack.PerSecond,8:F0} {Percentile(ack.Latencies, 0.5),8:F2} {Percentile(ack.Latencies, 0.99),8:F2} {ack.Latencies.Max(),8:F2}  {loadBefore} → {Load()}");
        expectedOrders += saturated.Count;
        await OrdersInLeatAsync("saturation orders in Leat");

        var (offered, offeredEvents) = await NewOrdersAsync(webhooks);
        loadBefore = Load();
        var paced = await DeliverAtRateAsync(http, offeredEvents.Count, i => Delivery(endpoint, offeredEvents[i]), rate, cancellationToken);
        var ackP99 = Percentile(paced.Latencies, 0.99);
        Console.WriteLine($"{$"  offered {rate}/s (open loop)",-36} {paced.PerSecond,8:F0} {Percentile(paced.Latencies, 0.5),8:F2} {ackP99,8:F2} {paced.Latencies.Max(),8:F2}  {loadBefore} → {Load()}");
        Console.WriteLine($"target: webhook ack p99 < 20 ms at {rate}/s offered -> {(ackP99 < 20 ? $"met by {20 - ackP99:F2} ms" : $"MISSED by {ackP99 - 20:F2} ms")} ({ackP99:F2} ms); at saturation p99 {Percentile(ack.Latencies, 0.99):F2} ms");
        Console.WriteLine();
        var measured = saturated.Concat(offered).ToList();

        expectedOrders += offered.Count;
        await OrdersInLeatAsync("measured orders in Leat");
        var returnEvents = await ReturnEventsAsync(measured.Take(returns));
        await outside.CallAsync("clear", cancellationToken);
        var commerceLayerBefore = await CommerceLayerRequestsAsync();
        var returnsBefore = (await CountsAsync()).Returns;
        loadBefore = Load();
        var clock = Stopwatch.StartNew();
        var delivery = await SendAsync(returnEvents);
        var delivered = clock.Elapsed;
        await WaitForAsync(async () => (await CountsAsync()).Returns - returnsBefore >= returns, SettleTimeout, "returns in Leat", cancellationToken, TimeSpan.FromMilliseconds(5));
        clock.Stop();
        var loadAfter = Load();
        var gc = GcFigures.Now() - gcBefore;
        var perSecond = returns / clock.Elapsed.TotalSeconds;
        var leatCalls = double.Parse((await outside.CallAsync("requests", cancellationToken)).Split('\t')[0], CultureInfo.InvariantCulture) / returns;
        var commerceLayerCalls = (double)(await CommerceLayerRequestsAsync() - commerceLayerBefore) / returns;
        Console.WriteLine($"end to end: {returns} returns.receive webhooks → {workers} job workers → Leat fake (Leat:RequestsPerSecond=1000); each job reads its order with returns and refunds");
        Console.WriteLine($"{"case",-36} {"returns/s",9} {"total s",8} {"acks s",8} {"Leat/ret",9} {"CL/ret",9}  load (1/5/15 min)");
        Console.WriteLine($"{"  return webhook → Leat return",-36} {perSecond,9:F0} {clock.Elapsed.TotalSeconds,8:F2} {delivered.TotalSeconds,8:F2} {leatCalls,9:F2} {commerceLayerCalls,9:F2}  {loadBefore} → {loadAfter}");
        Console.WriteLine($"  (webhook acks while return jobs ran: p50 {Percentile(delivery.Latencies, 0.5):F2} ms, p99 {Percentile(delivery.Latencies, 0.99):F2} ms)");
        Console.WriteLine($"target: end-to-end >= {ReturnsTarget} returns/s -> {(perSecond >= ReturnsTarget ? $"met by {perSecond - ReturnsTarget:F0} returns/s (×{perSecond / ReturnsTarget:F1})" : $"MISSED by {ReturnsTarget - perSecond:F0} returns/s")} ({perSecond:F0} returns/s)");
        Console.WriteLine("limits: in production Commerce Layer's read limit (200/min, paced by the client) bounds this at about 3 returns/s per organization;");
        Console.WriteLine($"        here the {Environment.ProcessorCount} cores shared by host, PostgreSQL, simulator, fake and senders bound it (intake, job claim/complete, one order read and the dispatch ledger per return).");
        Console.WriteLine($"measured phases in this process: {gc}; {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods JIT-compiled");
        Console.WriteLine($"load at end: {Load()}");
    }

    /// <summary>A webhook body with its topic and signature, computed before any timing starts.</summary>
    private sealed record Signed(string Topic, byte[] Body, string Signature);

    private static Signed Sign(string topic, byte[] body) => new(topic, body, CommerceLayerSimulator.Sign(SharedSecret, Encoding.UTF8.GetString(body)));

    private static HttpRequestMessage Delivery(Uri endpoint, Signed signed)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(signed.Body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/vnd.api+json");
        request.Headers.TryAddWithoutValidation(CommerceLayerWebhookSource.TopicHeader, signed.Topic);
        request.Headers.TryAddWithoutValidation(CommerceLayerWebhookSource.SignatureHeader, signed.Signature);
        return request;
    }

    /// <summary>
    /// Over every order of the golden inputs that maps to a sale: reading the JSON:API document (included resources
    /// resolved), MapSale, and MapReturn for each of its returns, each for a fixed window after a warm-up.
    /// </summary>
    private static void MeasureMapping(string root)
    {
        var tests = Path.Combine(root, "tests", "Connector.Platforms.CommerceLayer.Tests");
        var shop = Connector.Sandbox.Leat.LeatFakeOptions.DefaultShops[0].Uuid;
        var documents = new List<byte[]>();
        var saleCases = new List<(CommerceLayerOrder Order, CommerceLayerMappingRules Rules)>();
        var returnCases = new List<(CommerceLayerReturn Return, CommerceLayerOrder Order, LeatOrderRequest Sale, CommerceLayerMappingRules Rules, int Sends)>();
        foreach (var file in Directory.GetFiles(Path.Combine(tests, "Golden", "commercelayer"), "input.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var input = JsonNode.Parse(File.ReadAllText(file))!;
            var document = input["fixture"] is { } fixture
                ? File.ReadAllBytes(Path.Combine(tests, "Fixtures", "shared", fixture.GetValue<string>()))
                : Encoding.UTF8.GetBytes(input["order"]!.ToJsonString());
            var rules = input["rules"] is { } r ? CommerceLayerMappingRules.FromJson(JsonDocument.Parse(r.ToJsonString()).RootElement) : CommerceLayerMappingRules.Default;
            var order = CommerceLayerDocument.ReadOrder(document);
            if (!CommerceLayerMapper.HasReachedOrderTrigger(order, rules))
            {
                continue;
            }

            LeatOrderRequest? sale;
            try
            {
                sale = CommerceLayerMapper.MapSale(order, shop, rules).Sale;
            }
            catch (CommerceLayerMappingException)
            {
                continue; // Cases that show a refusal are not throughput.
            }

            if (sale is null)
            {
                continue;
            }

            documents.Add(document);
            saleCases.Add((order, rules));
            foreach (var returned in order.Returns)
            {
                try
                {
                    var sends = CommerceLayerMapper.MapReturn(returned, order, sale, rules).Action == CommerceLayerReturnAction.Send ? 1 : 0;
                    returnCases.Add((returned, order, sale, rules, sends));
                }
                catch (CommerceLayerMappingException)
                {
                    // A refused return is shown by its golden case, not measured.
                }
            }
        }

        var (readCalls, readSeconds) = Loop(documents.Count, i => CommerceLayerDocument.ReadOrder(documents[i]).LineItems.Count);
        var (saleCalls, saleSeconds) = Loop(saleCases.Count, i =>
        {
            var c = saleCases[i];
            return CommerceLayerMapper.MapSale(c.Order, shop, c.Rules).Sale!.LineItems.Count;
        });
        var (returnCalls, returnSeconds) = Loop(returnCases.Count, i =>
        {
            var c = returnCases[i];
            return CommerceLayerMapper.MapReturn(c.Return, c.Order, c.Sale, c.Rules).Return?.LineItems?.Count ?? 0;
        });
        var producedReturns = returnCalls * returnCases.Sum(c => c.Sends) / returnCases.Count;

        Console.WriteLine($"mapping: golden inputs ({saleCases.Count} orders that map to a sale, {returnCases.Count} of their returns), single thread, {MappingWindow.TotalSeconds:F0} s each after a 1 s warm-up; load {Load()}");
        Console.WriteLine($"{"case",-36} {"calls/s",10} {"µs/call",8}");
        Console.WriteLine($"{"  ReadOrder (JSON:API documents/s)",-36} {readCalls / readSeconds,10:F0} {readSeconds * 1e6 / readCalls,8:F1}");
        Console.WriteLine($"{"  MapSale (orders/s)",-36} {saleCalls / saleSeconds,10:F0} {saleSeconds * 1e6 / saleCalls,8:F1}");
        Console.WriteLine($"{"  MapReturn (returns/s)",-36} {returnCalls / returnSeconds,10:F0} {returnSeconds * 1e6 / returnCalls,8:F1}");
        Console.WriteLine($"{"  → Leat returns produced/s",-36} {producedReturns / returnSeconds,10:F0}");
    }
}
