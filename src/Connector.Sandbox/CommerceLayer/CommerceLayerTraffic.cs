using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.CommerceLayer;

/// <summary>
/// What one generated order should end as in Leat (minor units): the sale's total, the money Leat returns give back
/// (lines and charges, summed over all of them), how many Leat returns there are, and whether the order was cancelled.
/// </summary>
public sealed record CommerceLayerExpectedOrder(string OrderId, string Currency, long Total, long Returned, int Returns, bool Cancelled);

/// <summary>
/// Makes Commerce Layer traffic in the simulator, following Commerce Layer's sums. Orders are in the EU (tax included,
/// EUR) or US (tax excluded, USD) market, with percentage promotions allocated to the products, shipping and payment
/// fees, gift cards redeemed (a means of payment Commerce Layer spreads into the products' <c>discount_cents</c>) or
/// bought, and adjustments up (a charge) and down (a goodwill reduction). Some get a received return at once; later
/// steps refund part of an order without a return, cancel an order, or edit an order before it is approved.
/// Order attributes: subtotal = Σ product totals; discount = Σ promotions; total = subtotal + shipping + fee +
/// discount + adjustments + gift cards bought (+ tax when excluded); total with taxes = total − gift cards redeemed.
/// </summary>
/// <param name="simulator">Where the traffic is written.</param>
/// <param name="seed">The traffic's random seed: the same seed makes the same traffic.</param>
/// <param name="returnsAtPlacement">Whether a third of approved orders get a received return at once; without, returns come only from <see cref="ReceiveReturn"/>.</param>
public sealed class CommerceLayerTraffic(CommerceLayerSimulator simulator, int seed, bool returnsAtPlacement = true)
{
    private const int TaxPercent = 10;
    private readonly Random _random = new(seed);
    private readonly List<CommerceLayerExpectedOrder> _expected = [];
    private readonly Dictionary<string, Draft> _drafts = new(StringComparer.Ordinal);
    private bool _marketsMade;
    private string? _awaitingEdit;

    public IReadOnlyList<CommerceLayerExpectedOrder> Expected => _expected;

    /// <summary>Places and approves one order (and sometimes a received return for it), owing their webhooks.</summary>
    public CommerceLayerExpectedOrder PlaceOrder() => Place(approve: true);

    /// <summary>Places one order that is not approved yet: under the default trigger it is not a sale in Leat yet.</summary>
    public CommerceLayerExpectedOrder PlaceOrderAwaitingApproval() => Place(approve: false);

    /// <summary>
    /// Edits an order placed earlier and not approved: <c>editing</c>, one more unit of its first product, back to
    /// <c>placed</c> (<c>orders.stop_editing</c>), then approved (<c>orders.approve</c>). Leat gets the edited order.
    /// </summary>
    public CommerceLayerExpectedOrder EditAndApprove(string orderId)
    {
        var draft = _drafts[orderId];
        if (draft.Approved)
        {
            throw new InvalidOperationException($"Order {orderId} is approved already; the traffic only edits orders before approval.");
        }

        draft.Order.Attributes["status"] = "editing";
        simulator.Put(draft.Order, null);
        draft.Products[0].Quantity++;
        var total = Write(draft);
        draft.Order.Attributes["status"] = "placed";
        simulator.Put(draft.Order, "orders.stop_editing");
        draft.Approved = true;
        draft.Order.Attributes["status"] = "approved";
        draft.Order.Attributes["approved_at"] = Timestamp();
        simulator.Put(draft.Order, "orders.approve");
        return Update(orderId, e => e with { Total = total });
    }

    /// <summary>
    /// A partial refund with no return (<c>refunds.succeeded</c>): at most half of what the order still holds in Leat,
    /// so no cap cuts it. Null when too little remains.
    /// </summary>
    public CommerceLayerExpectedOrder? RefundWithoutReturn(string orderId)
    {
        var draft = _drafts[orderId];
        var expected = _expected.Single(e => e.OrderId == orderId);
        var remaining = expected.Total - expected.Returned;
        if (!draft.Approved || expected.Cancelled || remaining < 2)
        {
            return null;
        }

        var amount = 1 + _random.NextInt64(Math.Min(remaining / 2, 2000));
        var refund = new CommerceLayerResource("refunds", simulator.NextId("Rf"));
        refund.Attributes["number"] = $"{draft.Order.Attributes["number"]}/T/{++draft.Refunds:D3}";
        refund.Attributes["amount_cents"] = amount;
        refund.Attributes["currency_code"] = draft.Currency;
        refund.Attributes["succeeded"] = true;
        refund.Attributes["created_at"] = Timestamp();
        refund.Link("order", "orders", orderId, many: false);
        refund.Relationships["return"] = (false, []);
        draft.Order.Attributes["payment_status"] = "partially_refunded";
        draft.Order.Link("refunds", "refunds", refund.Id, many: true);
        simulator.Put(draft.Order, null);
        simulator.Put(refund, "refunds.succeeded");
        return Update(orderId, e => e with { Returned = e.Returned + amount, Returns = e.Returns + 1 });
    }

    /// <summary>
    /// Cancels an order placed earlier (as a full refund does): status cancelled, payment refunded, owing
    /// <c>orders.cancel</c>. Everything left on it is then owed back in Leat, in one more return.
    /// </summary>
    public CommerceLayerExpectedOrder CancelOrder(string orderId)
    {
        var order = _drafts[orderId].Order;
        order.Attributes["status"] = "cancelled";
        order.Attributes["payment_status"] = "refunded";
        order.Attributes["cancelled_at"] = Timestamp();
        simulator.Put(order, "orders.cancel");
        return Update(orderId, e => e.Returned < e.Total
            ? e with { Returned = e.Total, Returns = e.Returns + 1, Cancelled = true }
            : e with { Cancelled = true });
    }

    /// <summary>
    /// A return requested for an order's first product and then cancelled. No topic announces a cancelled return, so only
    /// a poll sees it; it must never take points back.
    /// </summary>
    public string RequestAndCancelReturn(string orderId)
    {
        var draft = _drafts[orderId];
        var product = draft.Products[0];
        var ret = NewReturn(draft, "cancelled", product, 1, product.Unit);
        ret.Attributes["cancelled_at"] = Timestamp();
        simulator.Put(ret, null);
        simulator.Put(draft.Order, null);
        return ret.Id;
    }

    /// <summary>
    /// One step of mixed traffic, as sandbox mode makes it: mostly new orders, sometimes an order that is edited before
    /// approval (finished in the next step), a refund without a return, or a cancellation.
    /// </summary>
    public void Step()
    {
        if (_awaitingEdit is { } editing)
        {
            EditAndApprove(editing);
            _awaitingEdit = null;
            return;
        }

        var open = _expected.Where(e => !e.Cancelled && _drafts[e.OrderId].Approved).ToList();
        switch (_random.Next(12))
        {
            case 0:
                _awaitingEdit = PlaceOrderAwaitingApproval().OrderId;
                break;
            case 1 or 2 when open.Count > 0:
                RefundWithoutReturn(open[_random.Next(open.Count)].OrderId);
                break;
            case 3 when open.Count > 2:
                CancelOrder(open[_random.Next(open.Count)].OrderId);
                break;
            default:
                PlaceOrder();
                break;
        }
    }

    private CommerceLayerExpectedOrder Place(bool approve)
    {
        EnsureMarkets();
        var eu = _random.Next(2) == 0;
        var currency = eu ? "EUR" : "USD";
        var order = new CommerceLayerResource("orders", simulator.NextId("Ord"));
        var draft = new Draft(order, eu, currency, percent: _random.Next(3) * 10);
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            draft.Products.Add(new Product(NewLine(order, "skus"), 500L + (_random.Next(40) * 125), 1 + _random.Next(3), $"SKU{_random.Next(100):D3}"));
        }

        draft.Shipping = _random.Next(2) * 495L;
        draft.Fee = _random.Next(2) * 100L;
        draft.AdjustmentUp = _random.Next(5) == 0 ? 300 : 0;
        // A goodwill reduction only on one-product orders: where Commerce Layer puts no breakdown, the connector spreads
        // it, and with one product the line it lands on (and so what a return of it gives back) is exact.
        draft.AdjustmentDown = draft.Products.Count == 1 && _random.Next(4) == 0 ? 200 : 0;
        draft.GiftCardBought = _random.Next(6) == 0 ? 2500 : 0;
        // A gift card pays at most half of what the products cost, so every product's share stays below its price.
        draft.GiftCardRedeemed = _random.Next(4) == 0 && draft.Products.Sum(p => p.Unit * p.Quantity * (100 - draft.Percent) / 100) >= 2000 ? 1000 : 0;
        order.Attributes["number"] = 10000 + _expected.Count;
        order.Attributes["placed_at"] = Timestamp();
        order.Attributes["customer_email"] = $"shopper{_random.Next(1000)}@example.com";
        order.Link("market", "markets", eu ? "EuMkt0001" : "UsMkt0001", many: false);
        order.Relationships["returns"] = (true, []);
        order.Relationships["refunds"] = (true, []);
        var total = Write(draft);
        draft.Approved = approve;
        order.Attributes["status"] = approve ? "approved" : "placed";
        order.Attributes["payment_status"] = approve ? "paid" : "authorized";
        if (approve)
        {
            // Placed and approved at once (the connector's default trigger is approval).
            order.Attributes["approved_at"] = order.Attributes["placed_at"]!.DeepClone();
        }

        _drafts[order.Id] = draft;
        simulator.Put(order, approve ? "orders.approve" : "orders.place");
        var expected = new CommerceLayerExpectedOrder(order.Id, currency, total, 0, 0, Cancelled: false);
        if (approve && returnsAtPlacement && _random.Next(3) == 0)
        {
            expected = expected with { Returned = ReceiveReturnOfFirstProduct(draft), Returns = 1 };
        }

        _expected.Add(expected);
        return expected;
    }

    /// <summary>A received return of all units of an approved order's first product (<c>returns.receive</c>); answers its id.</summary>
    public string ReceiveReturn(string orderId)
    {
        var draft = _drafts[orderId];
        if (!draft.Approved || draft.Returns > 0)
        {
            throw new InvalidOperationException($"Order {orderId} is not approved or has a return already; the traffic returns a product once.");
        }

        var returned = ReceiveReturnOfFirstProduct(draft);
        Update(orderId, e => e with { Returned = e.Returned + returned, Returns = e.Returns + 1 });
        return draft.Order.Relationships["returns"].Links[^1].Id;
    }

    /// <summary>A received return of all units of the order's first product; what Leat should give back for it.</summary>
    private long ReceiveReturnOfFirstProduct(Draft draft)
    {
        var product = draft.Products[0];
        var line = product.Line.Attributes;
        long Cents(string name) => (long)line[name + "_cents"]!;
        // Commerce Layer's return line total is what was paid for it; Leat gives back its value before the gift card
        // paid part of it, at most what the Leat line holds (the goodwill reduction came off it), plus its tax.
        var ret = NewReturn(draft, "received", product, product.Quantity, Cents("total_amount") + Cents("discount"));
        ret.Attributes["received_at"] = Timestamp();
        simulator.Put(ret, "returns.receive");
        simulator.Put(draft.Order, null);
        return Cents("total_amount") + product.Promotion - draft.AdjustmentDown + Cents("tax_amount");
    }

    private CommerceLayerResource NewReturn(Draft draft, string status, Product product, int quantity, long total)
    {
        var ret = new CommerceLayerResource("returns", simulator.NextId("Ret"));
        ret.Attributes["number"] = $"{draft.Order.Attributes["number"]}/R/{++draft.Returns:D3}";
        ret.Attributes["status"] = status;
        ret.Link("order", "orders", draft.Order.Id, many: false);
        var rli = new CommerceLayerResource("return_line_items", simulator.NextId("Rli"));
        rli.Attributes["quantity"] = quantity;
        Money(rli.Attributes, "total_amount", total, draft.Currency);
        rli.Link("line_item", "line_items", product.Line.Id, many: false);
        rli.Link("return", "returns", ret.Id, many: false);
        simulator.Put(rli, null);
        ret.Link("return_line_items", "return_line_items", rli.Id, many: true);
        draft.Order.Link("returns", "returns", ret.Id, many: true);
        return ret;
    }

    /// <summary>Writes every line and the order's money from <paramref name="draft"/>; returns what the Leat sale totals.</summary>
    private long Write(Draft draft)
    {
        var order = draft.Order;
        var currency = draft.Currency;
        long subtotal = 0, promotions = 0, tax = 0;
        foreach (var product in draft.Products)
        {
            product.Promotion = -(product.Unit * product.Quantity * draft.Percent / 100);
        }

        // The redeemed gift card is spread over the products by what they cost after promotions (rest on the last).
        var nets = draft.Products.Select(p => (p.Unit * p.Quantity) + p.Promotion).ToList();
        var worth = nets.Sum();
        var giftShares = nets.Select(n => draft.GiftCardRedeemed * n / worth).ToList();
        giftShares[^1] += draft.GiftCardRedeemed - giftShares.Sum();
        draft.Promotion ??= draft.Percent == 0 ? null : NewLine(order, "percentage_discount_promotions");
        draft.Redemption ??= draft.GiftCardRedeemed == 0 ? null : NewLine(order, "gift_cards");
        for (var i = 0; i < draft.Products.Count; i++)
        {
            var product = draft.Products[i];
            var attributes = product.Line.Attributes;
            var total = product.Unit * product.Quantity;
            var breakdown = new JsonObject();
            if (product.Promotion != 0)
            {
                breakdown[draft.Promotion!.Id] = new JsonObject { ["cents"] = product.Promotion, ["weight"] = 1m };
            }

            if (giftShares[i] != 0)
            {
                breakdown[draft.Redemption!.Id] = new JsonObject { ["cents"] = -giftShares[i], ["weight"] = Math.Round((decimal)giftShares[i] / draft.GiftCardRedeemed, 4) };
            }

            var lineTax = draft.Eu ? 0 : (total + product.Promotion) * TaxPercent / 100;
            LineMoney(attributes, product.Unit, product.Quantity, product.Promotion - giftShares[i], lineTax, currency);
            attributes["sku_code"] = product.Sku;
            attributes["name"] = $"Product {product.Sku}";
            attributes["discount_breakdown"] = breakdown;
            subtotal += total;
            promotions += product.Promotion;
            tax += lineTax;
        }

        if (draft.Promotion is { } promotion)
        {
            Charge(promotion, promotions, $"{draft.Percent}% off");
        }

        if (draft.Redemption is { } redemption)
        {
            Charge(redemption, -draft.GiftCardRedeemed, "Gift card redeemed");
        }

        void Charge(CommerceLayerResource line, long amount, string name)
        {
            LineMoney(line.Attributes, amount, 1, 0, 0, currency);
            line.Attributes["name"] = name;
            line.Attributes["discount_breakdown"] = new JsonObject();
        }

        foreach (var (type, amount, name) in new[]
        {
            ("shipments", draft.Shipping, "Standard shipping"), ("payment_methods", draft.Fee, "Payment fee"),
            ("adjustments", draft.AdjustmentUp, "Gift wrap"), ("adjustments", -draft.AdjustmentDown, "Goodwill"),
            ("gift_cards", draft.GiftCardBought, "Gift card bought"),
        })
        {
            if (amount != 0 || type == "shipments" || type == "payment_methods")
            {
                var key = $"{type}:{name}";
                if (!draft.Others.TryGetValue(key, out var line))
                {
                    draft.Others[key] = line = NewLine(order, type);
                }

                Charge(line, amount, name);
            }
        }

        var adjustments = draft.AdjustmentUp - draft.AdjustmentDown;
        var grand = subtotal + draft.Shipping + draft.Fee + promotions + adjustments + draft.GiftCardBought + (draft.Eu ? 0 : tax);
        order.Attributes["currency_code"] = currency;
        order.Attributes["tax_included"] = draft.Eu;
        Money(order.Attributes, "subtotal_amount", subtotal, currency);
        Money(order.Attributes, "discount_amount", promotions, currency);
        Money(order.Attributes, "shipping_amount", draft.Shipping, currency);
        Money(order.Attributes, "payment_method_amount", draft.Fee, currency);
        Money(order.Attributes, "adjustment_amount", adjustments, currency);
        Money(order.Attributes, "gift_card_amount", -draft.GiftCardRedeemed, currency);
        Money(order.Attributes, "total_tax_amount", tax, currency);
        Money(order.Attributes, "total_amount", grand, currency);
        Money(order.Attributes, "total_amount_with_taxes", grand - draft.GiftCardRedeemed, currency);
        foreach (var line in draft.Products.Select(p => p.Line).Concat(draft.Others.Values).Append(draft.Promotion).Append(draft.Redemption).OfType<CommerceLayerResource>())
        {
            simulator.Put(line, null);
            order.Link("line_items", "line_items", line.Id, many: true);
        }

        // A gift card bought is left out of the Leat order (rule giftCardPurchasesEarnPoints is off by default).
        return grand - draft.GiftCardBought;
    }

    private CommerceLayerResource NewLine(CommerceLayerResource order, string itemType)
    {
        var line = new CommerceLayerResource("line_items", simulator.NextId("Li"));
        line.Attributes["item_type"] = itemType;
        line.Link("order", "orders", order.Id, many: false);
        return line;
    }

    private static void LineMoney(JsonObject attributes, long unit, int quantity, long discount, long tax, string currency)
    {
        Money(attributes, "unit_amount", unit, currency);
        Money(attributes, "total_amount", unit * quantity, currency);
        Money(attributes, "discount", discount, currency);
        Money(attributes, "tax_amount", tax, currency);
        attributes["options_amount_cents"] = 0;
        attributes["quantity"] = quantity;
        attributes["currency_code"] = currency;
    }

    private CommerceLayerExpectedOrder Update(string orderId, Func<CommerceLayerExpectedOrder, CommerceLayerExpectedOrder> change)
    {
        var index = _expected.FindIndex(e => e.OrderId == orderId);
        _expected[index] = change(_expected[index]);
        return _expected[index];
    }

    private string Timestamp() => simulator.Now().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    private void EnsureMarkets()
    {
        if (_marketsMade)
        {
            return;
        }

        foreach (var (id, code, tax) in new[] { ("EuMkt0001", "europe", true), ("UsMkt0001", "usa", false) })
        {
            var market = new CommerceLayerResource("markets", id);
            market.Attributes["code"] = code;
            market.Attributes["name"] = code;
            market.Attributes["tax_included"] = tax;
            simulator.Put(market, null);
        }

        _marketsMade = true;
    }

    private static void Money(JsonObject attributes, string name, long cents, string currency)
    {
        attributes[name + "_cents"] = cents;
        attributes[name + "_float"] = cents / 100m;
        var symbol = currency == "EUR" ? "€" : "$";
        attributes["formatted_" + name] = $"{(cents < 0 ? "-" : "")}{symbol}{Math.Abs(cents) / 100m:0.00}";
    }

    private sealed class Product(CommerceLayerResource line, long unit, int quantity, string sku)
    {
        public CommerceLayerResource Line { get; } = line;

        public long Unit { get; } = unit;

        public int Quantity { get; set; } = quantity;

        public string Sku { get; } = sku;

        /// <summary>The promotion allocated to this line (negative).</summary>
        public long Promotion { get; set; }
    }

    /// <summary>An order as the traffic built it, so a later step can edit, refund or cancel it.</summary>
    private sealed class Draft(CommerceLayerResource order, bool eu, string currency, int percent)
    {
        public CommerceLayerResource Order { get; } = order;

        public bool Eu { get; } = eu;

        public string Currency { get; } = currency;

        public int Percent { get; } = percent;

        public List<Product> Products { get; } = [];

        public Dictionary<string, CommerceLayerResource> Others { get; } = new(StringComparer.Ordinal);

        public CommerceLayerResource? Promotion { get; set; }

        public CommerceLayerResource? Redemption { get; set; }

        public long Shipping { get; set; }

        public long Fee { get; set; }

        public long AdjustmentUp { get; set; }

        public long AdjustmentDown { get; set; }

        public long GiftCardBought { get; set; }

        public long GiftCardRedeemed { get; set; }

        public bool Approved { get; set; }

        public int Returns { get; set; }

        public int Refunds { get; set; }
    }
}
