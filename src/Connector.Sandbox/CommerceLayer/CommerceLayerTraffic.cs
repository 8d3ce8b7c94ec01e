using System.Text.Json.Nodes;

namespace Connector.Sandbox.CommerceLayer;

/// <summary>What one generated order should end as in Leat: the sale and the money returned (minor units).</summary>
public sealed record CommerceLayerExpectedOrder(string OrderId, string Currency, long Total, long Returned, bool Cancelled);

/// <summary>
/// Makes Commerce Layer traffic in the simulator: orders in the EU (tax included, EUR) and US (tax excluded, USD)
/// markets with percentage discounts spread into the products, shipping and payment fees, and some approved returns.
/// Every amount follows Commerce Layer's sums: subtotal = Σ product totals, total = subtotal + shipping + fee +
/// discount (+ tax when excluded).
/// </summary>
public sealed class CommerceLayerTraffic(CommerceLayerSimulator simulator, int seed)
{
    private readonly Random _random = new(seed);
    private readonly List<CommerceLayerExpectedOrder> _expected = [];
    private bool _marketsMade;

    public IReadOnlyList<CommerceLayerExpectedOrder> Expected => _expected;

    /// <summary>Places one order (and sometimes a return for it), owing their webhooks.</summary>
    public CommerceLayerExpectedOrder PlaceOrder()
    {
        EnsureMarkets();
        var eu = _random.Next(2) == 0;
        var order = new CommerceLayerResource("orders", simulator.NextId("Ord"));
        var currency = eu ? "EUR" : "USD";
        var percent = _random.Next(3) * 10;
        long subtotal = 0, discount = 0, tax = 0;
        var lines = new List<CommerceLayerResource>();
        for (var i = 0; i < 1 + _random.Next(3); i++)
        {
            var unit = 500L + (_random.Next(40) * 125);
            var quantity = 1 + _random.Next(3);
            var total = unit * quantity;
            var lineDiscount = -(total * percent / 100);
            var line = new CommerceLayerResource("line_items", simulator.NextId("Li"));
            Money(line.Attributes, "unit_amount", unit, currency);
            Money(line.Attributes, "total_amount", total, currency);
            Money(line.Attributes, "discount", lineDiscount, currency);
            line.Attributes["quantity"] = quantity;
            line.Attributes["item_type"] = "skus";
            line.Attributes["sku_code"] = $"SKU{_random.Next(100):D3}";
            line.Attributes["currency_code"] = currency;
            line.Attributes["discount_breakdown"] = percent == 0 ? new JsonObject() : new JsonObject { ["Promo1"] = new JsonObject { ["cents"] = lineDiscount, ["weight"] = 1.0 } };
            var lineTax = eu ? 0 : (total + lineDiscount) * 10 / 100;
            Money(line.Attributes, "tax_amount", lineTax, currency);
            line.Link("order", "orders", order.Id, many: false);
            subtotal += total;
            discount += lineDiscount;
            tax += lineTax;
            lines.Add(line);
        }

        var shipping = _random.Next(2) * 495L;
        var fee = _random.Next(2) * 100L;
        // Shipping and a payment fee are line items too in Commerce Layer (item_type shipments, payment_methods).
        foreach (var (type, amount, name) in new[] { ("shipments", shipping, "Standard shipping"), ("payment_methods", fee, "Payment fee") })
        {
            var line = new CommerceLayerResource("line_items", simulator.NextId("Li"));
            Money(line.Attributes, "unit_amount", amount, currency);
            Money(line.Attributes, "total_amount", amount, currency);
            Money(line.Attributes, "discount", 0, currency);
            Money(line.Attributes, "tax_amount", 0, currency);
            line.Attributes["quantity"] = 1;
            line.Attributes["item_type"] = type;
            line.Attributes["name"] = name;
            line.Attributes["currency_code"] = currency;
            line.Attributes["discount_breakdown"] = new JsonObject();
            line.Link("order", "orders", order.Id, many: false);
            lines.Add(line);
        }
        var grand = subtotal + shipping + fee + discount + (eu ? 0 : tax);
        order.Attributes["number"] = 10000 + _expected.Count;
        // Placed and approved at once (the connector's default trigger is approval).
        order.Attributes["status"] = "approved";
        order.Attributes["placed_at"] = simulator.Now().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        order.Attributes["approved_at"] = order.Attributes["placed_at"]!.DeepClone();
        order.Attributes["payment_status"] = "paid";
        order.Attributes["currency_code"] = currency;
        order.Attributes["tax_included"] = eu;
        order.Attributes["customer_email"] = $"shopper{_random.Next(1000)}@example.com";
        Money(order.Attributes, "subtotal_amount", subtotal, currency);
        Money(order.Attributes, "discount_amount", discount, currency);
        Money(order.Attributes, "shipping_amount", shipping, currency);
        Money(order.Attributes, "payment_method_amount", fee, currency);
        Money(order.Attributes, "adjustment_amount", 0, currency);
        Money(order.Attributes, "gift_card_amount", 0, currency);
        Money(order.Attributes, "total_tax_amount", tax, currency);
        Money(order.Attributes, "total_amount", grand, currency);
        Money(order.Attributes, "total_amount_with_taxes", grand, currency);
        order.Link("market", "markets", eu ? "EuMkt0001" : "UsMkt0001", many: false);
        foreach (var line in lines)
        {
            simulator.Put(line, null);
            order.Link("line_items", "line_items", line.Id, many: true);
        }

        order.Relationships["returns"] = (true, []);
        simulator.Put(order, "orders.approve");
        long returned = 0;
        if (_random.Next(3) == 0)
        {
            var line = lines.First(l => (string?)l.Attributes["item_type"] == "skus");
            var ret = new CommerceLayerResource("returns", simulator.NextId("Ret"));
            ret.Attributes["number"] = $"{order.Attributes["number"]}/R/001";
            ret.Attributes["status"] = "received";
            ret.Attributes["received_at"] = simulator.Now().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            ret.Link("order", "orders", order.Id, many: false);
            var rli = new CommerceLayerResource("return_line_items", simulator.NextId("Rli"));
            var quantity = (int)line.Attributes["quantity"]!;
            var paid = (long)line.Attributes["total_amount_cents"]! + (long)line.Attributes["discount_cents"]!;
            rli.Attributes["quantity"] = quantity;
            Money(rli.Attributes, "total_amount", paid, currency);
            rli.Link("line_item", "line_items", line.Id, many: false);
            rli.Link("return", "returns", ret.Id, many: false);
            simulator.Put(rli, null);
            ret.Link("return_line_items", "return_line_items", rli.Id, many: true);
            simulator.Put(ret, "returns.receive");
            order.Link("returns", "returns", ret.Id, many: true);
            simulator.Put(order, null);
            returned = paid;
        }

        var expected = new CommerceLayerExpectedOrder(order.Id, currency, grand, returned, Cancelled: false);
        _expected.Add(expected);
        return expected;
    }

    /// <summary>
    /// Cancels an order placed earlier (as a full refund does): status cancelled, payment refunded, owing
    /// <c>orders.cancel</c>. Everything left on it is then owed back in Leat.
    /// </summary>
    public CommerceLayerExpectedOrder CancelOrder(string orderId)
    {
        var index = _expected.FindIndex(e => e.OrderId == orderId);
        var order = simulator.Find("orders", orderId) ?? throw new InvalidOperationException($"No order {orderId}.");
        order.Attributes["status"] = "cancelled";
        order.Attributes["payment_status"] = "refunded";
        order.Attributes["cancelled_at"] = simulator.Now().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        simulator.Put(order, "orders.cancel");
        _expected[index] = _expected[index] with { Cancelled = true };
        return _expected[index];
    }

    /// <summary>
    /// A return requested for an order's first product and then cancelled. No topic announces a cancelled return, so only
    /// a poll sees it; it must never take points back.
    /// </summary>
    public string RequestAndCancelReturn(string orderId)
    {
        var order = simulator.Find("orders", orderId) ?? throw new InvalidOperationException($"No order {orderId}.");
        var line = order.Relationships["line_items"].Links.Select(l => simulator.Find(l.Type, l.Id)!).First(l => (string?)l.Attributes["item_type"] == "skus");
        var ret = new CommerceLayerResource("returns", simulator.NextId("Ret"));
        ret.Attributes["number"] = $"{order.Attributes["number"]}/R/009";
        ret.Attributes["status"] = "cancelled";
        ret.Attributes["cancelled_at"] = simulator.Now().ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        ret.Link("order", "orders", order.Id, many: false);
        var rli = new CommerceLayerResource("return_line_items", simulator.NextId("Rli"));
        rli.Attributes["quantity"] = 1;
        Money(rli.Attributes, "total_amount", (long)line.Attributes["unit_amount_cents"]!, (string)order.Attributes["currency_code"]!);
        rli.Link("line_item", "line_items", line.Id, many: false);
        rli.Link("return", "returns", ret.Id, many: false);
        simulator.Put(rli, null);
        ret.Link("return_line_items", "return_line_items", rli.Id, many: true);
        simulator.Put(ret, null);
        order.Link("returns", "returns", ret.Id, many: true);
        simulator.Put(order, null);
        return ret.Id;
    }

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
}
