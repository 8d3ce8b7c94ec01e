using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Connector.Host.Hosting;
using Connector.Leat.Model;
using Connector.Platforms.NewStore;
using Connector.Platforms.NewStore.Mapping;
using Connector.Testing;
using static Connector.Benchmarks.BenchmarkKit;

namespace Connector.Benchmarks;

/// <summary>
/// The NewStore integration on this machine, measured as <see cref="SquareBenchmark"/> measures Square: mapping
/// throughput over the NewStore golden inputs (single thread, pure CPU), webhook acknowledgement latency of the real
/// host under concurrent event-stream deliveries (<c>order.opened</c> with the integration's api key as bearer; the order
/// jobs they start run at the same time), and end-to-end returns per second from <c>return.processed</c> webhooks to
/// returns recorded by the Leat fake. The envelopes are the ones the NewStore simulator published; the benchmark posts
/// them itself, as NewStore's stream would, so the sender's pace is the benchmark's.
/// Options: <c>[webhooks N] [returns S] [senders C] [workers W] [rate R/s]</c>, e.g. <c>newstore 4000 2000 8 8 250</c>.
/// </summary>
internal sealed class NewStoreBenchmark : IBenchmarkSuite
{
    private const double ReturnsTarget = 100;
    private const int WarmUpWebhooks = 200;
    private const int WarmUpMaxRounds = 15;
    private const int WarmUpSettledJit = 50;
    private const string ApiKey = "bench-newstore-event-stream-key";
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);

    public string Name => "newstore";

    public string Description => "NewStore: mapping orders/s + returns/s, webhook ack p50/p99 under load, end-to-end returns/s (targets p99 < 20 ms at 250/s offered, >= 100 returns/s)";

    public async Task RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var webhooks = Arg(args, 0, 2000);
        // At most 3000: the Leat fake keeps the last 10 000 requests, and the per-return count below is read from them.
        var returns = Math.Min(Math.Min(Arg(args, 1, 2000), 2 * webhooks), 3000);
        var senders = Arg(args, 2, 8);
        // The host's default worker count unless told otherwise: the figure is for the connector as it ships.
        var workers = Arg(args, 3, new Connector.Jobs.JobsOptions().WorkerCount);
        var rate = Arg(args, 4, 250);
        var root = RepositoryRoot();
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}; load at start: {Load()}");
        Console.WriteLine();

        MeasureMapping(root);
        Console.WriteLine();

        var connectionString = await PostgresServer.CreateDatabaseAsync("nsbench");
        await using var outside = await OutsideWorldProcess.StartAsync(cancellationToken);
        await using var connector = await ConnectorApp.BuildAsync(
        [
            "--urls", "http://127.0.0.1:0",
            $"--ConnectionStrings:Connector={connectionString}",
            $"--Mappings:Directory={Path.Combine(root, "mappings")}",
            $"--Leat:BaseUrl={outside.LeatBaseUrl}",
            $"--Leat:ApiToken={outside.LeatApiToken}",
            "--Leat:RequestsPerSecond=1000",
            $"--NewStore:Tenant={outside.NewStoreTenant}",
            $"--NewStore:BaseUrl={outside.NewStoreBaseUrl}",
            $"--NewStore:IdentityUrl={outside.NewStoreBaseUrl}",
            $"--NewStore:ClientId={outside.NewStoreClientId}",
            $"--NewStore:ClientSecret={outside.NewStoreClientSecret}",
            $"--NewStore:EventStreamApiKey={ApiKey}",
            "--NewStore:WebhookUrl=http://127.0.0.1/webhooks/newstore",
            $"--Jobs:WorkerCount={workers}",
            // Per-job Information logs to the console would be a large part of what is measured.
            "--Logging:LogLevel:Default=Warning",
        ], forceSandbox: false, cancellationToken);
        await connector.App.StartAsync(cancellationToken);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var endpoint = new Uri(connector.Address + "/webhooks/newstore");
        Task<(List<double> Latencies, double PerSecond)> SendAsync(List<byte[]> events) => DeliverAsync(http, events.Count, i => Delivery(endpoint, events[i]), senders, cancellationToken);
        var next = 0;
        async Task<(List<string> Ids, List<byte[]> Events)> NewOrdersAsync(int count)
        {
            var answer = (await outside.CallAsync($"ns-orders {next} {count}", cancellationToken)).Split(' ');
            next += count;
            return ([.. answer.Select(a => a[..a.IndexOf(':', StringComparison.Ordinal)])], [.. answer.Select(a => Convert.FromBase64String(a[(a.IndexOf(':', StringComparison.Ordinal) + 1)..]))]);
        }

        async Task<List<byte[]>> ReturnEventsAsync(IEnumerable<string> orders) =>
            [.. (await outside.CallAsync($"ns-returns {string.Join(' ', orders)}", cancellationToken)).Split(' ').Select(Convert.FromBase64String)];

        async Task<(int Orders, int Returns)> CountsAsync()
        {
            var counts = (await outside.CallAsync("counts", cancellationToken)).Split(' ');
            return (int.Parse(counts[0], CultureInfo.InvariantCulture), int.Parse(counts[1], CultureInfo.InvariantCulture));
        }

        async Task<int> NewStoreRequestsAsync() => int.Parse(await outside.CallAsync("ns-requests", cancellationToken), CultureInfo.InvariantCulture);

        // Every order is synced once (the dispatcher is idempotent), so "all of them are in Leat" is a count.
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
        Console.WriteLine("the NewStore simulator and the Leat fake run in a child process, as the remote services they stand for; the event-stream senders run in this one");
        Console.WriteLine();
        Console.WriteLine($"webhook acknowledgement: {webhooks} order.opened POSTs (api key as bearer) per case; the host's {workers} job workers sync each order (stored event → Leat call) meanwhile");
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

        // The returned orders must be in Leat before their returns, or the return jobs would wait on them.
        expectedOrders += offered.Count;
        await OrdersInLeatAsync("measured orders in Leat");
        var returnEvents = await ReturnEventsAsync(measured.Take(returns));
        await outside.CallAsync("clear", cancellationToken);
        var newStoreBefore = await NewStoreRequestsAsync();
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
        var newStoreCalls = (double)(await NewStoreRequestsAsync() - newStoreBefore) / returns;
        Console.WriteLine($"end to end: {returns} return.processed webhooks → {workers} job workers → Leat fake (Leat:RequestsPerSecond=1000); the events carry the documents, NewStore is not read");
        Console.WriteLine($"{"case",-36} {"returns/s",9} {"total s",8} {"acks s",8} {"Leat/ret",9} {"NewStore/ret",13}  load (1/5/15 min)");
        Console.WriteLine($"{"  return webhook → Leat return",-36} {perSecond,9:F0} {clock.Elapsed.TotalSeconds,8:F2} {delivered.TotalSeconds,8:F2} {leatCalls,9:F2} {newStoreCalls,13:F2}  {loadBefore} → {loadAfter}");
        Console.WriteLine($"  (webhook acks while return jobs ran: p50 {Percentile(delivery.Latencies, 0.5):F2} ms, p99 {Percentile(delivery.Latencies, 0.99):F2} ms)");
        Console.WriteLine($"target: end-to-end >= {ReturnsTarget} returns/s -> {(perSecond >= ReturnsTarget ? $"met by {perSecond - ReturnsTarget:F0} returns/s (×{perSecond / ReturnsTarget:F1})" : $"MISSED by {ReturnsTarget - perSecond:F0} returns/s")} ({perSecond:F0} returns/s)");
        Console.WriteLine($"limits: Leat calls are spaced >= 1 ms apart by the client's rate limiter (1000/s, the validated maximum), so at {leatCalls:F2} Leat calls per return the ceiling is {1000 / Math.Max(leatCalls, 0.01):F0} returns/s;");
        Console.WriteLine($"        below it, the {Environment.ProcessorCount} cores shared by host, PostgreSQL, simulator, fake and senders bound the figure (intake, job claim/complete, the order's stored events and the dispatch ledger per return).");
        Console.WriteLine($"measured phases in this process: {gc}; {System.Runtime.JitInfo.GetCompiledMethodCount() - jitBefore} methods JIT-compiled");
        Console.WriteLine($"load at end: {Load()}");
    }

    /// <summary>MapSale over every sale of the golden inputs and the follow-up mapping over every return.processed, each for a fixed window after a warm-up.</summary>
    private static void MeasureMapping(string root)
    {
        var tests = Path.Combine(root, "tests", "Connector.Platforms.NewStore.Tests");
        var saleCases = new List<(Connector.Platforms.NewStore.Model.NewStoreOrder Order, string Shop, NewStoreMappingRules Rules, IReadOnlySet<string> Cancelled)>();
        var returnCases = new List<(JsonElement Payload, LeatOrderRequest Sale, Connector.Platforms.NewStore.Model.NewStoreOrder Order, NewStoreMappingRules Rules, int Returns)>();
        foreach (var file in Directory.GetFiles(Path.Combine(tests, "Golden", "newstore"), "input.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var input = JsonNode.Parse(File.ReadAllText(file))!;
            var name = Path.GetFileName(Path.GetDirectoryName(file))!;
            var rules = input["rules"] is { } rulesNode ? NewStoreMappingRules.FromJson(Element(rulesNode), name) : NewStoreMappingRules.Default;
            var shop = input["shop"]?.GetValue<string>() ?? Connector.Sandbox.Leat.LeatFakeOptions.DefaultShops[0].Uuid;
            if ((input["order"] ?? FixturePayload(tests, input["order_fixture"]?.GetValue<string>())) is not { } orderNode)
            {
                continue;
            }

            var order = Element(orderNode).Deserialize(NewStoreJsonContext.Default.NewStoreOrder)!;
            var cancelled = (input["cancelled_before_sale"]?.AsArray() ?? []).Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            LeatOrderRequest? sale;
            try
            {
                sale = NewStoreMapper.MapSale(order, shop, rules, cancelled).Sale;
            }
            catch (NewStoreMappingException)
            {
                continue; // Cases that show a refusal are not throughput.
            }

            if (sale is null)
            {
                continue;
            }

            saleCases.Add((order, shop, rules, cancelled));
            foreach (var evt in input["events"]?.AsArray() ?? [])
            {
                if (evt!["name"]!.GetValue<string>() != NewStoreEventNames.ReturnProcessed)
                {
                    continue;
                }

                var payload = Element(evt["payload"] ?? FixturePayload(tests, evt["fixture"]?.GetValue<string>())!);
                try
                {
                    var produced = NewStoreEventMapper.Map(NewStoreEventNames.ReturnProcessed, payload, sale, order, rules).Return is null ? 0 : 1;
                    returnCases.Add((payload, sale, order, rules, produced));
                }
                catch (NewStoreMappingException)
                {
                    // A refused return is shown by its golden case, not measured.
                }
            }
        }

        var (saleCalls, saleSeconds) = Loop(saleCases.Count, i =>
        {
            var c = saleCases[i];
            return NewStoreMapper.MapSale(c.Order, c.Shop, c.Rules, c.Cancelled).Sale!.LineItems.Count;
        });
        var (returnCalls, returnSeconds) = Loop(returnCases.Count, i =>
        {
            var c = returnCases[i];
            return NewStoreEventMapper.Map(NewStoreEventNames.ReturnProcessed, c.Payload, c.Sale, c.Order, c.Rules).Return?.LineItems?.Count ?? 0;
        });

        // The window runs whole rounds over the cases, so the share of calls that produce a Leat return is the cases' share
        // (counting inside the mapped function would count the warm-up second too).
        var producedReturns = returnCalls * returnCases.Sum(c => c.Returns) / returnCases.Count;

        Console.WriteLine($"mapping: golden inputs ({saleCases.Count} sales, {returnCases.Count} return.processed events), single thread, {MappingWindow.TotalSeconds:F0} s each after a 1 s warm-up; load {Load()}");
        Console.WriteLine($"{"case",-36} {"calls/s",10} {"µs/call",8}");
        Console.WriteLine($"{"  MapSale (orders/s)",-36} {saleCalls / saleSeconds,10:F0} {saleSeconds * 1e6 / saleCalls,8:F1}");
        Console.WriteLine($"{"  Map return.processed (returns/s)",-36} {returnCalls / returnSeconds,10:F0} {returnSeconds * 1e6 / returnCalls,8:F1}");
        Console.WriteLine($"{"  → Leat returns produced/s",-36} {producedReturns / returnSeconds,10:F0}");
    }

    /// <summary>The payload inside a shared fixture, as the golden tests read it.</summary>
    private static JsonNode? FixturePayload(string tests, string? file)
    {
        if (file is null)
        {
            return null;
        }

        var root = JsonNode.Parse(File.ReadAllText(Path.Combine(tests, "Fixtures", "shared", file)))!;
        return root["event"]?["payload"] ?? root["payload"] ?? root["order"] ?? root;
    }

    private static JsonElement Element(JsonNode node)
    {
        using var document = JsonDocument.Parse(node.ToJsonString());
        return document.RootElement.Clone();
    }

    private static HttpRequestMessage Delivery(Uri endpoint, byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        return request;
    }
}
