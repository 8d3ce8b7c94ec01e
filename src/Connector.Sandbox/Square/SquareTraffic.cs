using System.Globalization;

namespace Connector.Sandbox.Square;

/// <summary>
/// Produces a realistic, deterministic mix of Square sales and returns on a <see cref="SquareSimulator"/> and fires
/// their webhooks: sales with modifiers, line and order discounts, inclusive and additive taxes, service charges
/// (custom, auto-gratuity, apportioned), tips, fractional quantities and JPY; partial, repeated partial, amount-only
/// (custom-amount line and amount without lines), unlinked, full and exchange returns, with PENDING refunds completed
/// later; deliveries duplicated and reordered at the configured rates. The same seed on a fresh simulator gives the
/// same orders, refunds, events and delivery order. Run it on a simulator with <c>AutoWebhooks</c> off: it builds the
/// events itself.
/// </summary>
public sealed class SquareTraffic
{
    private static readonly string[] ReturnCases =
        ["return.partial", "return.repeated-partial", "return.custom-amount", "return.amount-only", "return.exchange", "return.full", "return.unlinked"];

    private readonly SquareSimulator _simulator;
    private readonly SquareTrafficOptions _options;
    private readonly Random _random;
    private readonly Dictionary<string, int> _cases = new(StringComparer.Ordinal);
    private readonly List<SquareWebhookEvent> _events = [];

    /// <summary>Creates a generator; nothing happens until <see cref="RunAsync"/>.</summary>
    public SquareTraffic(SquareSimulator simulator, int seed, SquareTrafficOptions? options = null)
    {
        _simulator = simulator;
        _options = options ?? new SquareTrafficOptions();
#pragma warning disable CA5394 // Deterministic test traffic, not security.
        _random = new Random(seed);
#pragma warning restore CA5394
    }

    /// <summary>Creates <paramref name="sales"/> sales (every sale kind occurs once <paramref name="sales"/> ≥ 6), their returns, then delivers the webhooks.</summary>
    public async Task<SquareTrafficResult> RunAsync(int sales, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sales);
        var customers = new List<string>();
        for (var i = 0; i < Math.Max(1, sales / 3); i++)
        {
            customers.Add(_simulator.AddCustomer(i % 4 == 3 ? null : $"shopper{i + 1}@example.com", $"Shopper {i + 1}"));
        }

        var saleIds = new List<string>();
        var returns = new List<(string, SquareReturnResult)>();
        var returnIndex = 0;
        for (var i = 0; i < sales; i++)
        {
            var (kind, spec) = Sale(i, customers);
            var saleId = _simulator.CreateSale(spec);
            Count(kind);
            saleIds.Add(saleId);
            foreach (var type in _options.SaleWebhookTypes)
            {
                Event(type, type.StartsWith("payment.", StringComparison.Ordinal) ? _simulator.GetOrder(saleId)!["tenders"]![0]!["id"]!.GetValue<string>() : saleId);
            }

            if (Next() < _options.ReturnRate)
            {
                var returnCase = ReturnCases[returnIndex++ % ReturnCases.Length];
                foreach (var returnSpec in Returns(returnCase, saleId, spec))
                {
                    var result = _simulator.CreateReturn(returnSpec);
                    returns.Add((returnCase, result));
                    Event("order.created", result.ReturnOrderId);
                    Event("order.updated", result.ReturnOrderId);
                    if (result.RefundId is { } refundId)
                    {
                        Event("refund.created", refundId);
                        if (returnSpec.RefundPending)
                        {
                            _simulator.CompleteRefund(refundId);
                        }

                        Event("refund.updated", refundId);
                    }
                }

                Count(returnCase);
            }
        }

        var plan = Plan();
        var deliveries = new List<SquareWebhookDelivery>(plan.Count);
        foreach (var (webhookEvent, retry) in plan)
        {
            deliveries.Add(_options.DeliverWebhooks
                ? await _simulator.DeliverWebhookAsync(webhookEvent, retry, cancellationToken)
                : new SquareWebhookDelivery(webhookEvent.EventId, webhookEvent.Type, webhookEvent.ObjectId, retry, 0, default));
        }

        return new SquareTrafficResult(customers, saleIds, returns, _events.ToArray(), deliveries, new Dictionary<string, int>(_cases));
    }

    private (string Kind, SaleSpec Spec) Sale(int index, List<string> customers)
    {
        var customer = Next() < 0.8 ? customers[_random.Next(customers.Count)] : null;
        var location = _simulator.Options.Locations[index % _simulator.Options.Locations.Count].Id;
        var sku = () => "VAR-" + _random.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        switch (index % 6)
        {
            case 0:
                return ("sale.modifiers", new SaleSpec
                {
                    Currency = "EUR",
                    LocationId = location,
                    CustomerId = customer,
                    Lines =
                    [
                        new SaleLineSpec
                        {
                            Name = "Flat White", Quantity = _random.Next(1, 4), BasePrice = 350 + (_random.Next(0, 5) * 10), CatalogObjectId = sku(),
                            Modifiers = [new ModifierSpec("Oat milk", 50), new ModifierSpec("Extra shot", 60, 2m)],
                        },
                        new SaleLineSpec { Name = "Croissant", Quantity = 2, BasePrice = 295, CatalogObjectId = sku() },
                    ],
                    Taxes = [new TaxSpec("vat-9", "BTW 9%", 9m, Inclusive: true)],
                });
            case 1:
                return ("sale.discounts-additive-tax-tip", new SaleSpec
                {
                    LocationId = location,
                    CustomerId = customer,
                    Lines =
                    [
                        new SaleLineSpec { Name = "Sneakers", BasePrice = 8999, CatalogObjectId = sku(), VariationName = "EU 42", DiscountUids = ["spring"] },
                        new SaleLineSpec { Name = "Socks", Quantity = 3, BasePrice = 799, CatalogObjectId = sku() },
                    ],
                    Discounts =
                    [
                        new DiscountSpec("spring", "Spring sale 15%", SquareSaleCalculator.LineItemScope, Percentage: 15m),
                        new DiscountSpec("loyal", "Loyal customer", SquareSaleCalculator.OrderScope, Amount: 500 + _random.Next(0, 5) * 100),
                    ],
                    Taxes = [new TaxSpec("ny", "NY sales tax", 8.875m, Inclusive: false)],
                    Tip = _random.Next(0, 3) * 100,
                });
            case 2:
                return ("sale.fractional-custom-amount", new SaleSpec
                {
                    LocationId = location,
                    CustomerId = customer,
                    Lines =
                    [
                        new SaleLineSpec
                        {
                            Name = "Gouda", Quantity = 1.5m + (_random.Next(0, 4) * 0.125m), BasePrice = 1890, CatalogObjectId = sku(), VariationName = "per kg", TaxUids = ["food"],
                        },
                        new SaleLineSpec { Name = "Custom amount", BasePrice = 250 + _random.Next(0, 50) },
                    ],
                    Taxes = [new TaxSpec("food", "Food tax", 6m, Inclusive: false, Scope: SquareSaleCalculator.LineItemScope)],
                });
            case 3:
                return ("sale.service-charges-tip", new SaleSpec
                {
                    LocationId = location,
                    CustomerId = customer,
                    Lines =
                    [
                        new SaleLineSpec { Name = "Burger", Quantity = _random.Next(2, 6), BasePrice = 1450, CatalogObjectId = sku(), Modifiers = [new ModifierSpec("Bacon", 200)] },
                        new SaleLineSpec { Name = "Lemonade", Quantity = 2, BasePrice = 450, CatalogObjectId = sku() },
                    ],
                    Taxes = [new TaxSpec("city", "City tax", 7.8m, Inclusive: false)],
                    ServiceCharges =
                    [
                        new ServiceChargeSpec("grat", "Large party gratuity", Percentage: 18m, AutoGratuity: true, Taxable: true),
                        new ServiceChargeSpec("eco", "Packaging fee", Amount: 150 + _random.Next(0, 3) * 25, Apportioned: true),
                    ],
                    Tip = 200 + _random.Next(0, 5) * 50,
                });
            case 4:
                return ("sale.jpy", new SaleSpec
                {
                    Currency = "JPY",
                    LocationId = location,
                    CustomerId = customer,
                    Lines =
                    [
                        new SaleLineSpec { Name = "Matcha", Quantity = _random.Next(1, 3), BasePrice = 680, CatalogObjectId = sku() },
                        new SaleLineSpec { Name = "Dorayaki", Quantity = 3, BasePrice = 240, CatalogObjectId = sku() },
                    ],
                    Discounts = [new DiscountSpec("members", "Members 5%", SquareSaleCalculator.OrderScope, Percentage: 5m)],
                    Taxes = [new TaxSpec("jct", "JCT 10%", 10m, Inclusive: true)],
                });
            default:
                return ("sale.order-discount-mixed-taxes", new SaleSpec
                {
                    Currency = "EUR",
                    LocationId = location,
                    CustomerId = customer,
                    Lines =
                    [
                        new SaleLineSpec { Name = "Wine", BasePrice = 1299, Quantity = _random.Next(1, 4), CatalogObjectId = sku(), TaxUids = ["deposit"] },
                        new SaleLineSpec { Name = "Cheese board", BasePrice = 1550, CatalogObjectId = sku() },
                    ],
                    Discounts = [new DiscountSpec("tenoff", "10% off", SquareSaleCalculator.OrderScope, Percentage: 10m)],
                    Taxes =
                    [
                        new TaxSpec("vat", "BTW 21%", 21m, Inclusive: true),
                        new TaxSpec("deposit", "Bottle levy", 2m, Inclusive: false, Scope: SquareSaleCalculator.LineItemScope),
                    ],
                });
        }
    }

    private IEnumerable<ReturnSpec> Returns(string returnCase, string saleId, SaleSpec spec)
    {
        var sale = _simulator.GetOrder(saleId)!;
        var lines = sale["line_items"]!.AsArray();
        var first = lines[0]!;
        var uid = first["uid"]!.GetValue<string>();
        var quantity = decimal.Parse(first["quantity"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var total = SquareJson.Amount(sale["total_money"]);
        var pending = Next() < 0.5;
        switch (returnCase)
        {
            case "return.partial":
                yield return new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, Part(quantity))], RefundPending = pending };
                break;
            case "return.repeated-partial":
                var part = Part(quantity);
                yield return new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, part)], RefundPending = pending };
                yield return new ReturnSpec { SourceOrderId = saleId, Lines = [new ReturnLineSpec(uid, quantity - part)], Reason = "Rest of the line" };
                break;
            case "return.custom-amount":
                yield return new ReturnSpec { SourceOrderId = saleId, CustomAmount = Math.Max(1, total / 4), Reason = "Goodwill", RefundPending = pending };
                break;
            case "return.amount-only":
                yield return new ReturnSpec { SourceOrderId = saleId, AmountWithoutLines = Math.Max(1, total / 5), Reason = "Price adjustment" };
                break;
            case "return.exchange":
                yield return new ReturnSpec
                {
                    SourceOrderId = saleId,
                    Lines = [new ReturnLineSpec(uid, Part(quantity))],
                    ExchangeLines = [new SaleLineSpec { Name = "Exchange item", BasePrice = 100, CatalogObjectId = "VAR-EXCH" }],
                    Reason = "Exchange",
                };
                break;
            case "return.full":
                yield return new ReturnSpec
                {
                    SourceOrderId = saleId,
                    Lines = [.. lines.Select(l => new ReturnLineSpec(l!["uid"]!.GetValue<string>(), decimal.Parse(l["quantity"]!.GetValue<string>(), CultureInfo.InvariantCulture)))],
                    ServiceChargeUids = [.. spec.ServiceCharges.Where(c => !c.Apportioned).Select(c => c.Uid)],
                    Tip = spec.Tip,
                    RefundPending = pending,
                };
                break;
            default:
                yield return new ReturnSpec
                {
                    Currency = spec.Currency,
                    LocationId = spec.LocationId,
                    Lines = [new ReturnLineSpec(null, 1, "Item without receipt", 500 + _random.Next(0, 10) * 100)],
                    Reason = "No receipt",
                };
                break;
        }
    }

    /// <summary>A part strictly less than the line's quantity: half of fractional quantities, one unit of whole ones (half a unit of a single one).</summary>
    private static decimal Part(decimal quantity) =>
        quantity == decimal.Truncate(quantity) && quantity > 1 ? 1 : decimal.Round(quantity / 2, 3, MidpointRounding.ToZero);

    private List<(SquareWebhookEvent Event, int Retry)> Plan()
    {
        var plan = new List<(SquareWebhookEvent, int)>();
        foreach (var webhookEvent in _events)
        {
            plan.Add((webhookEvent, 0));
            if (Next() < _options.DuplicateRate)
            {
                var copies = _random.Next(1, Math.Max(1, _options.MaxDuplicates) + 1);
                for (var retry = 1; retry <= copies; retry++)
                {
                    plan.Add((webhookEvent, retry));
                }
            }
        }

        // Moving a delivery back past later ones is what a retried or slow delivery looks like to the receiver.
        for (var i = 0; i < plan.Count - 1; i++)
        {
            if (Next() < _options.OutOfOrderRate)
            {
                var j = Math.Min(plan.Count - 1, i + _random.Next(1, Math.Max(1, _options.OutOfOrderWindow) + 1));
                (plan[i], plan[j]) = (plan[j], plan[i]);
                Count("webhook.out-of-order");
            }
        }

        Count("webhook.delivery", plan.Count);
        Count("webhook.duplicate", plan.Count - _events.Count);
        return plan;
    }

    private void Event(string type, string objectId) => _events.Add(_simulator.CreateWebhookEvent(type, objectId));

    private void Count(string name, int by = 1) => _cases[name] = _cases.GetValueOrDefault(name) + by;

#pragma warning disable CA5394 // Deterministic test traffic, not security.
    private double Next() => _random.NextDouble();
#pragma warning restore CA5394
}
