using System.Globalization;
using Connector.Sandbox.CommerceLayer;
using Connector.Sandbox.Leat;
using Connector.Sandbox.NewStore;
using Connector.Sandbox.Square;

namespace Connector.Benchmarks;

/// <summary>
/// The child process of the platform benchmarks: the Square, NewStore and Commerce Layer simulators and the Leat fake, which stand for remote services.
/// They keep every order, refund and request they see (hundreds of MB over a run), and in the connector's process that
/// heap was what the garbage collector spent its time on: background collections marking the fakes' objects took both
/// cores for ~100 ms, and those stalls were the webhook p99. Here they run apart, as Square and Leat do, and the
/// benchmark drives them over stdin/stdout, one command per line and one answer per line.
/// </summary>
internal static class OutsideWorld
{
    /// <summary>The argument that starts this process as the outside world rather than a benchmark.</summary>
    public const string Verb = "outside-world";

    /// <summary>
    /// The URL the connector is configured with and the events are signed for; the simulator never delivers to it (the
    /// benchmark posts the signed bodies itself), so it need not be where the connector listens.
    /// </summary>
    public const string NotificationUrl = "http://127.0.0.1/webhooks/square";

    public static async Task<int> RunAsync(TextReader input, TextWriter output)
    {
        await using var leat = await LeatFake.StartAsync(new LeatFakeOptions());
        await using var square = await SquareSimulator.StartAsync(new SquareSimulatorOptions { WebhookNotificationUrl = NotificationUrl });
        // NewStore delivers nothing itself here (no integration): the benchmark posts the envelopes it published.
        await using var newStore = await NewStoreSimulator.StartAsync(new NewStoreSimulatorOptions());
        // Nor does Commerce Layer (no webhook registered): the benchmark signs and posts the resource documents itself.
        await using var commerceLayer = await CommerceLayerSimulator.StartAsync(new CommerceLayerSimulatorOptions());
        var clTraffic = new CommerceLayerTraffic(commerceLayer, seed: 1, returnsAtPlacement: false);
        var customers = new List<string>();
        await output.WriteLineAsync(string.Join(' ', leat.BaseAddress, leat.ApiToken, square.BaseAddress, square.Options.AccessToken, square.Options.WebhookSignatureKey,
            newStore.BaseAddress, newStore.Options.Tenant, newStore.Options.ClientId, newStore.Options.ClientSecret,
            commerceLayer.BaseAddress, commerceLayer.Options.OrganizationSlug, commerceLayer.Options.ClientId, commerceLayer.Options.ClientSecret));
        await output.FlushAsync();
        while (await input.ReadLineAsync() is { } line)
        {
            var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var answer = words[0] switch
            {
                "customers" => string.Join(' ', Enumerable.Range(customers.Count, Number(words[1])).Select(i =>
                {
                    var id = square.AddCustomer($"bench{i}@example.com");
                    customers.Add(id);
                    return id;
                })),
                "sales" => string.Join(' ', Enumerable.Range(Number(words[1]), Number(words[2])).Select(i =>
                {
                    var id = CreateSale(square, customers[i % customers.Count], i);
                    return $"{id}:{square.GetOrder(id)!["line_items"]![0]!["uid"]!.GetValue<string>()}";
                })),
                // Returns one unit of each sale's first line; answers the refund ids.
                "returns" => string.Join(' ', words.Skip(1).Select(sale =>
                {
                    var (id, line) = (sale[..sale.IndexOf(':', StringComparison.Ordinal)], sale[(sale.IndexOf(':', StringComparison.Ordinal) + 1)..]);
                    return square.CreateReturn(new ReturnSpec { SourceOrderId = id, Lines = [new ReturnLineSpec(line, 1m)] }).RefundId!;
                })),
                // The event bodies, base64 (they are JSON, which may hold spaces).
                "events" => string.Join(' ', words.Skip(2).Select(id => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(square.CreateWebhookEvent(words[1], id).Body)))),
                "counts" => $"{leat.OrderCount} {leat.ReturnCount}",
                "clear" => Clear(leat, square),
                // Leat calls, then Square calls by endpoint (ids folded into {id}), tab-separated.
                "requests" => string.Join('\t', new[] { leat.Requests.Count.ToString(CultureInfo.InvariantCulture) }.Concat(
                    square.Requests.GroupBy(r => $"{r.Method} {(r.Method == "GET" ? r.Path[..(r.Path.LastIndexOf('/') + 1)] + "{id}" : r.Path)}")
                        .Select(g => $"{g.Key}={g.Count()}"))),
                // NewStore: orders i..i+n-1 (answers id:base64 of each order.opened envelope), a return of one unit of
                // each order's first product (answers base64 of each return.processed envelope), requests answered.
                "ns-orders" => NewStoreOrders(newStore, Number(words[1]), Number(words[2])),
                "ns-returns" => NewStoreReturns(newStore, words.Skip(1)),
                "ns-requests" => newStore.Requests.Count.ToString(CultureInfo.InvariantCulture),
                // Commerce Layer: n approved orders (answers id:base64 of each orders.approve body), a received return of
                // each order's first product (answers base64 of each returns.receive body, order included), API calls.
                "cl-orders" => string.Join(' ', Enumerable.Range(0, Number(words[1])).Select(_ =>
                {
                    var id = clTraffic.PlaceOrder().OrderId;
                    return $"{id}:{Base64(commerceLayer.Document("orders", id)!)}";
                })),
                "cl-returns" => string.Join(' ', words.Skip(1).Select(order => Base64(commerceLayer.Document("returns", clTraffic.ReceiveReturn(order), "order")!))),
                "cl-requests" => commerceLayer.ApiRequests.ToString(CultureInfo.InvariantCulture),
                "quit" => null,
                _ => throw new InvalidOperationException($"Unknown command '{words[0]}'."),
            };
            if (answer is null)
            {
                break;
            }

            await output.WriteLineAsync(answer);
            await output.FlushAsync();
        }

        return 0;
    }

    private static string CreateSale(SquareSimulator square, string customer, int i) => square.CreateSale(new SaleSpec
    {
        CustomerId = customer,
        LocationId = SquareSimulatorOptions.DefaultLocations[0].Id,
        Lines =
        [
            new SaleLineSpec { Name = "Coffee beans", BasePrice = 1200 + (i % 7 * 10), Quantity = 2m, CatalogObjectId = "ITEM-BEANS" },
            new SaleLineSpec { Name = "Mug", BasePrice = 800, Quantity = 1m, CatalogObjectId = "ITEM-MUG" },
        ],
    });

    private static string NewStoreOrders(NewStoreSimulator newStore, int start, int count)
    {
        var before = newStore.Events.Count;
        var ids = Enumerable.Range(start, count).Select(i => newStore.CreateOrder(new NewStoreOrderSpec
        {
            PriceMethod = NewStoreOrderSpec.TaxExcluded,
            Currency = "USD",
            ChannelType = "web",
            DemandLocationId = "WEB-US",
            CustomerEmail = $"bench{i % 200}@example.com",
            Lines =
            [
                new NewStoreLineSpec { ProductId = "SKU-BEANS", Quantity = 2, UnitPrice = 1200 + (i % 7 * 10), TaxRate = 0.0875m },
                new NewStoreLineSpec { ProductId = "SKU-MUG", UnitPrice = 800, TaxRate = 0.0875m },
            ],
        })).ToList();
        var opened = newStore.Events.Skip(before).Where(e => e.Name == "order.opened").ToDictionary(e => e.EntityId, e => e.Body);
        return string.Join(' ', ids.Select(id => $"{id}:{Base64(opened[id])}"));
    }

    private static string NewStoreReturns(NewStoreSimulator newStore, IEnumerable<string> orderIds)
    {
        var before = newStore.Events.Count;
        var ids = orderIds.Select(id => newStore.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = ["SKU-BEANS"] }).ReturnId).ToList();
        var processed = newStore.Events.Skip(before).Where(e => e.Name == "return.processed").ToDictionary(e => e.EntityId, e => e.Body);
        return string.Join(' ', ids.Select(id => Base64(processed[id])));
    }

    private static string Base64(string body) => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(body));

    private static string Clear(LeatFake leat, SquareSimulator square)
    {
        leat.ClearRequests();
        square.ClearRequests();
        return "ok";
    }

    private static int Number(string word) => int.Parse(word, CultureInfo.InvariantCulture);
}
