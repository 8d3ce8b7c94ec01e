namespace Connector.Sandbox.NewStore;

/// <summary>
/// A deterministic mix of NewStore traffic on a <see cref="NewStoreSimulator"/>, in two tenants' styles — US
/// (<c>tax_excluded</c>, USD, tax on top) and European (<c>tax_included</c>, EUR, VAT inside prices): web and store
/// orders, multi-unit products (one item per unit), item and coupon order discounts, shipping with its tax, anonymous
/// POS sales, partial then full returns (shipping refunded with the last item), return fees, appeasements followed by
/// returns of the same product (lowest remaining unit first), blind and historical returns, exchanges, item and whole
/// order cancellations, returns published before their order, and republished orders. Every case occurs once
/// <c>RunAsync(8)</c> has run; the same seeds on a fresh simulator give the same events.
/// </summary>
public sealed class NewStoreTraffic
{
    private static readonly string[] CaseNames =
    [
        "web.usd.partial-then-full-return",
        "store.eur.anonymous.appeasement-then-return",
        "web.eur.items-cancelled-then-return",
        "store.usd.order-cancelled",
        "web.usd.return-before-order",
        "store.eur.exchange",
        "web.usd.historical",
        "store.usd.blind-return",
    ];

    private readonly NewStoreSimulator _simulator;
    private readonly NewStoreTrafficOptions _options;
    private readonly Random _random;
    private readonly Dictionary<string, int> _cases = new(StringComparer.Ordinal);
    private int _next;

    /// <summary>Creates a generator; nothing happens until <see cref="RunAsync"/>.</summary>
    public NewStoreTraffic(NewStoreSimulator simulator, int seed, NewStoreTrafficOptions? options = null)
    {
        _simulator = simulator;
        _options = options ?? new NewStoreTrafficOptions();
#pragma warning disable CA5394 // Deterministic test traffic, not security.
        _random = new Random(seed);
#pragma warning restore CA5394
    }

    /// <summary>Runs <paramref name="rounds"/> cases (cycling through them), then sends what is due.</summary>
    public async Task<NewStoreTrafficResult> RunAsync(int rounds, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rounds);
        var ordersBefore = _simulator.Orders.Count;
        var returnsBefore = _simulator.Returns.Count;
        var appeasementsBefore = _simulator.Appeasements.Count;
        var cancellationsBefore = _simulator.Cancellations.Count;
        var cases = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < rounds; i++)
        {
            var name = CaseNames[_next++ % CaseNames.Length];
            Run(name);
            cases[name] = cases.GetValueOrDefault(name) + 1;
            _cases[name] = _cases.GetValueOrDefault(name) + 1;
        }

        IReadOnlyList<NewStoreEventDelivery> deliveries = _options.DeliverEvents ? await _simulator.FlushEventsAsync(cancellationToken) : [];
        return new NewStoreTrafficResult(
            [.. _simulator.Orders.Skip(ordersBefore).Select(o => _simulator.GetOrder(o.OrderId)!)],
            [.. _simulator.Returns.Skip(returnsBefore)],
            [.. _simulator.Appeasements.Skip(appeasementsBefore)],
            [.. _simulator.Cancellations.Skip(cancellationsBefore)],
            cases,
            deliveries);
    }

    /// <summary>How often each case ran over this generator's life.</summary>
    public IReadOnlyDictionary<string, int> Cases => _cases;

    private void Run(string name)
    {
        switch (name)
        {
            case "web.usd.partial-then-full-return":
            {
                var a = Product();
                var b = Product();
                var id = Order(Us("web", email: Email()) with
                {
                    Lines = [Line(a, 3, discount: true), Line(b, 1)],
                    OrderDiscount = 1000,
                    CouponCode = "WELCOME10",
                    Shipping = 795,
                    ShippingTaxRate = 0.0875m,
                });
                _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a], ReturnFee = 500 });
                _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a, a, b] });
                break;
            }

            case "store.eur.anonymous.appeasement-then-return":
            {
                var a = Product();
                var b = Product();
                var id = Order(Eu("store", email: null) with { Lines = [Line(a, 3), Line(b, 1)] });
                var units = _simulator.GetUnits(id).Where(u => u.ProductId == a).ToList();

                // Reference 4.3's example: appeasements on two of three units, then two of them come back.
                _simulator.Appease(id, units[0].Paid / 6, [units[0].ItemId]);
                _simulator.Appease(id, units[1].Paid / 12, [units[1].ItemId]);
                _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a, a, b], ReturnLocationId = "STORE-AMS" });
                break;
            }

            case "web.eur.items-cancelled-then-return":
            {
                var a = Product();
                var b = Product();
                var id = Order(Eu("web", email: Email()) with { Lines = [Line(a, 2, discount: true), Line(b, 1)], Shipping = 495, ShippingTaxRate = 0.21m });
                var cancelled = _simulator.GetUnits(id).First(u => u.ProductId == b).ItemId;
                _simulator.CancelItems(id, [cancelled]);
                _simulator.Appease(id, 300);
                _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a, a] });
                break;
            }

            case "store.usd.order-cancelled":
            {
                var id = Order(Us("store", email: Email()) with { Lines = [Line(Product(), 2), Line(Product(), 1)] });
                _simulator.CancelOrder(id);
                break;
            }

            case "web.usd.return-before-order":
            {
                var a = Product();
                var id = _simulator.CreateOrder(Taxed(Us("web", email: Email()) with { Lines = [Line(a, 2), Line(Product(), 1)], Shipping = 595, ShippingTaxRate = 0.0875m, Publish = false }));
                _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a] });
                _simulator.PublishOrder(id);
                _simulator.PublishOrder(id);
                break;
            }

            case "store.eur.exchange":
            {
                var a = Product();
                var email = Email();
                var id = Order(Eu("store", email) with { Lines = [Line(a, 1), Line(Product(), 1)], OrderDiscount = 500, CouponCode = "STORE5" });
                var returned = _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a], ReturnLocationId = "STORE-AMS" });
                Order(Eu("store", email) with { Lines = [Line(Product(), 1)], ExchangeOf = (id, returned.ReturnId) });
                break;
            }

            case "web.usd.historical":
            {
                var a = Product();
                var id = Order(Us("web", email: Email()) with
                {
                    Lines = [Line(a, 1), Line(Product(), 2)],
                    IsHistorical = true,
                    PlacedAt = _simulator.Options.TimeProvider.GetUtcNow().AddDays(-400),
                });
                _simulator.CreateReturn(new NewStoreReturnSpec { OrderId = id, ProductIds = [a] });
                break;
            }

            default:
            {
                Order(Us("store", email: null) with { Lines = [Line(Product(), 1)] });
                _simulator.CreateReturn(new NewStoreReturnSpec { BlindItems = [(Product(), Price())], Currency = "USD", ReturnFee = 0 });
                break;
            }
        }
    }

    private string Order(NewStoreOrderSpec spec)
    {
        var id = _simulator.CreateOrder(Taxed(spec));
        if (Next() < _options.RepublishRate)
        {
            _simulator.PublishOrder(id);
        }

        return id;
    }

    /// <summary>US sales tax (8.75 %) on top, or Dutch VAT (21 %) inside the prices, by the order's style.</summary>
    private static NewStoreOrderSpec Taxed(NewStoreOrderSpec spec) =>
        spec with { Lines = [.. spec.Lines.Select(l => l with { TaxRate = spec.PriceMethod == NewStoreOrderSpec.TaxIncluded ? 0.21m : 0.0875m })] };

    private static NewStoreOrderSpec Us(string channel, string? email) => new()
    {
        PriceMethod = NewStoreOrderSpec.TaxExcluded,
        Currency = "USD",
        ChannelType = channel,
        DemandLocationId = channel == "store" ? "STORE-SF" : "WEB-US",
        CustomerEmail = email,
        Lines = [],
    };

    private static NewStoreOrderSpec Eu(string channel, string? email) => new()
    {
        PriceMethod = NewStoreOrderSpec.TaxIncluded,
        Currency = "EUR",
        ChannelType = channel,
        DemandLocationId = channel == "store" ? "STORE-AMS" : "WEB-NL",
        CustomerEmail = email,
        Lines = [],
    };

    private NewStoreLineSpec Line(string productId, int quantity, bool discount = false)
    {
        var price = Price();
        return new NewStoreLineSpec
        {
            ProductId = productId,
            Quantity = quantity,
            UnitPrice = price,
            ItemDiscount = discount ? price / 10 : 0,
        };
    }

    private long Price() => (10 + NextInt(110)) * 100 + (NextInt(2) == 0 ? 0 : 99);

    private string Product() => "SKU-" + (1000 + NextInt(9000)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private string Email() => $"shopper{1 + NextInt(50)}@example.com";

#pragma warning disable CA5394 // Deterministic test traffic, not security.
    private double Next() => _random.NextDouble();

    private int NextInt(int maxExclusive) => _random.Next(maxExclusive);
#pragma warning restore CA5394
}
