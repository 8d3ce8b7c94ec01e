using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.NewStore;

/// <summary>Orders, returns, appeasements and cancellations, with NewStore's money rules (reference 3.3, 3.4, 4.3, 4.4).</summary>
internal sealed partial class NewStoreSimulatorState
{
    private readonly Dictionary<string, NewStoreOrderRecord> _orders = new(StringComparer.Ordinal);
    private readonly List<string> _orderIds = [];
    private readonly List<NewStoreReturnSummary> _returns = [];
    private readonly Dictionary<string, (JsonObject Graph, DateTimeOffset PublishedAt)> _returnGraphs = new(StringComparer.Ordinal);
    private readonly List<NewStoreAppeasementSummary> _appeasements = [];
    private readonly List<NewStoreCancellationSummary> _cancellations = [];
    private int _externalNumber;

    public IReadOnlyList<NewStoreReturnSummary> Returns
    {
        get
        {
            lock (_gate)
            {
                return _returns.ToArray();
            }
        }
    }

    public IReadOnlyList<NewStoreAppeasementSummary> Appeasements
    {
        get
        {
            lock (_gate)
            {
                return _appeasements.ToArray();
            }
        }
    }

    public IReadOnlyList<NewStoreCancellationSummary> Cancellations
    {
        get
        {
            lock (_gate)
            {
                return _cancellations.ToArray();
            }
        }
    }

    public IReadOnlyList<NewStoreOrderSummary> Orders
    {
        get
        {
            lock (_gate)
            {
                return [.. _orderIds.Select(id => Summary(_orders[id]))];
            }
        }
    }

    public string CreateOrder(NewStoreOrderSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        Check(spec);
        lock (_gate)
        {
            var order = Build(spec);
            _orders.Add(order.Id, order);
            _orderIds.Add(order.Id);
            if (spec.Publish)
            {
                PublishOrderLocked(order);
            }

            return order.Id;
        }
    }

    /// <summary>Publishes <c>order.opened</c> (again: the stream is at-least-once, a republication carries the same document).</summary>
    public void PublishOrder(string orderId)
    {
        lock (_gate)
        {
            PublishOrderLocked(OrderLocked(orderId));
        }
    }

    private void PublishOrderLocked(NewStoreOrderRecord order)
    {
        var published = PublishLocked("order.opened", order.Id, order.Payload);
        order.FirstPublishedAt ??= published.PublishedAt;
    }

    public NewStoreCancellationSummary CancelItems(string orderId, IReadOnlyList<string> itemIds)
    {
        lock (_gate)
        {
            var order = OrderLocked(orderId);
            var units = itemIds.Select(id => order.Units.FirstOrDefault(u => u.Id == id)
                ?? throw new ArgumentException($"Order {orderId} has no item {id}.", nameof(itemIds))).ToList();
            if (units.Count == 0 || units.Any(u => u.Status != "opened") || units.Distinct().Count() != units.Count)
            {
                throw new InvalidOperationException($"Only open items can be cancelled, each once (order {orderId}).");
            }

            var amount = CancelLocked(units);
            order.Cancelled += amount;
            PublishLocked("order.items_cancelled", order.Id, new JsonObject
            {
                ["id"] = order.Id,
                ["items"] = new JsonArray([.. units.Select(u => (JsonNode)CancelledItem(u, "insufficient_stock"))]),
            });
            var cancellation = new NewStoreCancellationSummary(order.Id, [.. units.Select(u => u.Id)], false, amount);
            _cancellations.Add(cancellation);
            return cancellation;
        }
    }

    /// <summary>Cancels every open item and the shipping: <c>order.cancelled</c>.</summary>
    public NewStoreCancellationSummary CancelOrder(string orderId)
    {
        lock (_gate)
        {
            var order = OrderLocked(orderId);
            if (order.IsCancelled || order.Units.Any(u => u.Status == "returned"))
            {
                throw new InvalidOperationException($"Order {orderId} is already cancelled or has returns; it cannot be cancelled.");
            }

            var open = order.Units.Where(u => u.Status == "opened").ToList();
            var amount = CancelLocked(open) + order.ShippingPaid;
            order.Cancelled += amount;
            order.IsCancelled = true;
            PublishLocked("order.cancelled", order.Id, new JsonObject
            {
                ["id"] = order.Id,
                ["items"] = new JsonArray([.. order.Units.Select(u => (JsonNode)CancelledItem(u, null))]),
            });
            var cancellation = new NewStoreCancellationSummary(order.Id, [.. open.Select(u => u.Id)], true, amount);
            _cancellations.Add(cancellation);
            return cancellation;
        }
    }

    /// <summary>
    /// An appeasement of <paramref name="amount"/> minor units on the given items (default: every open item), prorated by
    /// price paid (reference 4.3: $50 over $50/$75/$25 → 16.67/25/8.33); it lowers what a later return refunds.
    /// </summary>
    public NewStoreAppeasementSummary Appease(string orderId, long amount, IReadOnlyList<string>? itemIds)
    {
        lock (_gate)
        {
            var order = OrderLocked(orderId);
            var targets = itemIds is null or { Count: 0 }
                ? order.Units.Where(u => u.Status == "opened" && u.Remaining > 0).ToList()
                : itemIds.Select(id => order.Units.FirstOrDefault(u => u.Id == id && u.Status == "opened")
                    ?? throw new ArgumentException($"Order {orderId} has no open item {id}.", nameof(itemIds))).ToList();
            var shares = Prorate(amount, [.. targets.Select(u => u.Paid)]);
            if (amount <= 0 || targets.Count == 0 || targets.Zip(shares).Any(t => t.Second > t.First.Remaining))
            {
                throw new ArgumentException($"An appeasement of {amount} does not fit what is left to refund on order {orderId}.", nameof(amount));
            }

            foreach (var (unit, share) in targets.Zip(shares))
            {
                unit.Remaining -= share;
            }

            order.Appeased += amount;
            var id = NewId();
            PublishLocked("refund_request.issued", id, new JsonObject
            {
                ["id"] = id,
                ["order_id"] = order.Id,
                ["payment_account_id"] = order.Id,
                ["amount"] = NewStoreJson.Major(amount, order.Currency),
                ["currency"] = order.Currency,
                ["requested_at"] = NewStoreJson.EventTime(Now),
                ["return_reason"] = "Appeasement",
                ["reason_code"] = 10,
                ["associate_id"] = "associate-1",
                ["associate_email"] = "associate@example.com",
                ["note"] = "Sandbox appeasement",
            });
            var appeasement = new NewStoreAppeasementSummary(id, order.Id, order.Currency, amount, [.. targets.Select(u => u.Id)]);
            _appeasements.Add(appeasement);
            return appeasement;
        }
    }

    /// <summary>Processes a return by NewStore's 0.2 rules and publishes <c>return.processed</c>.</summary>
    public NewStoreReturnSummary CreateReturn(NewStoreReturnSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        lock (_gate)
        {
            var id = NewId();
            var fee = spec.ReturnFee ?? Options.ConfiguredReturnFee;
            ArgumentOutOfRangeException.ThrowIfNegative(fee, nameof(spec));
            var lines = new List<(string ItemId, string ProductId, long Refund, long Tax)>();
            NewStoreOrderRecord? order = null;
            long shipping = 0;
            long shippingTax = 0;
            string currency;
            if (spec.OrderId is null)
            {
                if (spec.BlindItems.Count == 0)
                {
                    throw new ArgumentException("A blind return needs BlindItems.", nameof(spec));
                }

                currency = spec.Currency;
                lines.AddRange(spec.BlindItems.Select(b => (NewId(), b.ProductId, b.Refund, 0L)));
            }
            else
            {
                order = OrderLocked(spec.OrderId);
                currency = order.Currency;
                if (spec.ProductIds.Count == 0 || order.IsCancelled)
                {
                    throw new InvalidOperationException($"Order {order.Id} is cancelled or the return names no products.");
                }

                // Units are chosen first and changed only once the whole return is known to be valid: a refused return changes nothing.
                var chosen = new List<NewStoreUnit>();
                foreach (var productId in spec.ProductIds)
                {
                    // Rule 4: of several units of the product, the one with the lowest remaining amount goes first.
                    var unit = order.Units.Where(u => u.ProductId == productId && u.Status == "opened" && !chosen.Contains(u))
                        .OrderBy(u => u.Remaining).ThenBy(u => u.Position).FirstOrDefault()
                        ?? throw new InvalidOperationException($"Order {order.Id} has no unit of {productId} left to return.");
                    chosen.Add(unit);
                    lines.Add((unit.Id, unit.ProductId, unit.Remaining, unit.TaxShare(unit.Remaining)));
                }

                // Rule 2: shipping only with the return that leaves nothing of the order unreturned.
                if (Options.RefundShippingCost && !order.ShippingRefunded && order.Units.All(u => u.Status != "opened" || chosen.Contains(u)))
                {
                    shipping = order.ShippingPaid;
                    shippingTax = order.ShippingTax;
                }

                if (lines.Sum(l => l.Refund) + shipping - fee < 0)
                {
                    throw new ArgumentException($"A return fee of {fee} exceeds the refund.", nameof(spec));
                }

                foreach (var unit in chosen)
                {
                    unit.Status = "returned";
                    unit.Remaining = 0;
                }

                order.ShippingRefunded |= shipping > 0;
            }

            var total = lines.Sum(l => l.Refund) + shipping - fee;
            if (total < 0)
            {
                throw new ArgumentException($"A return fee of {fee} exceeds the refund.", nameof(spec));
            }

            var tax = lines.Sum(l => l.Tax) + shippingTax;
            var payload = new JsonObject { ["id"] = id };
            if (order is not null)
            {
                payload["order_id"] = order.Id;
            }

            payload["returned_at"] = NewStoreJson.EventTime(Now);
            payload["total_refund_amount"] = NewStoreJson.Major(total, currency);
            payload["total_refund_amount_adjusted"] = NewStoreJson.Major(total, currency);
            payload["total_refund_excl_tax"] = NewStoreJson.Major(total - tax, currency);
            payload["total_refund_tax"] = NewStoreJson.Major(tax, currency);
            payload["return_fee"] = NewStoreJson.Major(fee, currency);
            payload["currency"] = currency;
            payload["return_location_id"] = spec.ReturnLocationId;
            if (order?.CustomerId is { } customerId)
            {
                payload["customer_id"] = customerId;
            }

            payload["customer_email"] = order?.Spec.CustomerEmail ?? "";
            payload["items"] = new JsonArray([.. lines.Select(l => (JsonNode)new JsonObject
            {
                ["id"] = l.ItemId,
                ["product_id"] = l.ProductId,
                ["quantity"] = 1,
                ["refund_amount"] = NewStoreJson.Major(l.Refund, currency),
                ["refund_amount_adjusted"] = NewStoreJson.Major(l.Refund, currency),
                ["refund_excl_tax"] = NewStoreJson.Major(l.Refund - l.Tax, currency),
                ["refund_tax"] = NewStoreJson.Major(l.Tax, currency),
                ["item_condition"] = "Sellable",
                ["condition_code"] = 1,
                ["return_reason"] = "Too large",
                ["return_code"] = 1,
            })]);
            if (order is not null)
            {
                order.Refunded += total;
            }

            var published = PublishLocked("return.processed", id, payload);
            _returnGraphs[id] = (new JsonObject
            {
                ["id"] = id,
                ["orderId"] = order?.Id,
                ["returnedAt"] = NewStoreJson.GraphQlTime(published.PublishedAt),
                ["currency"] = currency,
                ["returnFee"] = NewStoreJson.Major(fee, currency),
                ["totalRefundAmount"] = NewStoreJson.Major(total, currency),
                ["totalRefundAmountAdjusted"] = NewStoreJson.Major(total, currency),
                ["totalRefundExclTax"] = NewStoreJson.Major(total - tax, currency),
                ["totalRefundTax"] = NewStoreJson.Major(tax, currency),
                ["items"] = Nodes(lines.Select(l => new JsonObject
                {
                    ["id"] = l.ItemId,
                    ["productId"] = l.ProductId,
                    ["quantity"] = 1,
                    ["refundAmount"] = NewStoreJson.Major(l.Refund, currency),
                })),
            }, published.PublishedAt);
            var summary = new NewStoreReturnSummary(id, order?.Id, currency, [.. lines.Select(l => new NewStoreReturnedItem(l.ItemId, l.ProductId, l.Refund))], shipping, fee, total);
            _returns.Add(summary);
            return summary;
        }
    }

    public NewStoreOrderSummary? OrderSummary(string orderId)
    {
        lock (_gate)
        {
            return _orders.TryGetValue(orderId, out var order) ? Summary(order) : null;
        }
    }

    /// <summary>The current <c>order.opened</c>-shaped payload (item statuses as they are now), or null.</summary>
    public JsonObject? OrderPayload(string orderId)
    {
        lock (_gate)
        {
            if (!_orders.TryGetValue(orderId, out var order))
            {
                return null;
            }

            var payload = (JsonObject)order.Payload.DeepClone();
            foreach (var (item, unit) in payload["items"]!.AsArray().Zip(order.Units))
            {
                item!["status"] = unit.Status;
            }

            return payload;
        }
    }

    /// <summary>The order's units (item id, product, remaining to refund, status), for tests of the refund rules.</summary>
    public IReadOnlyList<(string ItemId, string ProductId, long Paid, long Remaining, string Status)> Units(string orderId)
    {
        lock (_gate)
        {
            return [.. OrderLocked(orderId).Units.Select(u => (u.Id, u.ProductId, u.Paid, u.Remaining, u.Status))];
        }
    }

    /// <summary>The document of a GraphQL root field: <c>order</c> or <c>return</c>.</summary>
    public JsonObject? Graph(string field, string id, string tenant) => field == "return" ? ReturnGraph(id, tenant) : OrderGraph(id, tenant);

    /// <summary>GraphQL's view of a return: null when unknown, of another tenant, or published less than the lag ago; <c>order</c> is null for a blind return.</summary>
    public JsonObject? ReturnGraph(string id, string tenant)
    {
        lock (_gate)
        {
            if (tenant != Options.Tenant || !_returnGraphs.TryGetValue(id, out var entry) || Now < entry.PublishedAt + Options.GraphQlLag)
            {
                return null;
            }

            var graph = (JsonObject)entry.Graph.DeepClone();
            graph["order"] = graph["orderId"] is JsonValue orderId ? OrderDocumentLocked(_orders[orderId.GetValue<string>()]) : null;
            return graph;
        }
    }

    /// <summary>
    /// GraphQL's view of an order (reference 3.5 names, camelCase, times without offset): null when unknown, of another
    /// tenant, or not yet in the data store (its <c>order.opened</c> was first published less than the lag ago).
    /// </summary>
    public JsonObject? OrderGraph(string id, string tenant)
    {
        lock (_gate)
        {
            if (tenant != Options.Tenant || !_orders.TryGetValue(id, out var order)
                || order.FirstPublishedAt is not { } first || Now < first + Options.GraphQlLag)
            {
                return null;
            }

            return OrderDocumentLocked(order);
        }
    }

    private JsonObject OrderDocumentLocked(NewStoreOrderRecord order)
    {
        var spec = order.Spec;
        var c = order.Currency;
        var address = ShippingAddress(spec);
        return new JsonObject
        {
            ["id"] = order.Id,
            ["externalId"] = order.ExternalId,
            ["channel"] = spec.DemandLocationId,
            ["channelType"] = spec.ChannelType,
            ["currency"] = c,
            ["customerEmail"] = spec.CustomerEmail ?? "",
            ["customerId"] = order.CustomerId,
            ["demandLocationId"] = spec.DemandLocationId,
            ["placedAt"] = NewStoreJson.GraphQlTime(order.PlacedAt),
            ["createdAt"] = NewStoreJson.GraphQlTime(order.CreatedAt),
            ["tenant"] = Options.Tenant,
            ["isExchange"] = spec.ExchangeOf is not null,
            ["isHistorical"] = spec.IsHistorical,
            ["priceMethod"] = spec.PriceMethod,
            ["subtotal"] = NewStoreJson.Major(order.Subtotal, c),
            ["discountTotal"] = NewStoreJson.Major(order.DiscountTotal, c),
            ["shippingTotal"] = NewStoreJson.Major(spec.Shipping, c),
            ["shippingTax"] = NewStoreJson.Major(order.ShippingTax, c),
            ["taxTotal"] = NewStoreJson.Major(order.TaxTotal, c),
            ["grandTotal"] = NewStoreJson.Major(order.GrandTotal, c),
            ["items"] = Nodes(order.Units.Select(u => new JsonObject
            {
                ["id"] = u.Id,
                ["productId"] = u.ProductId,
                ["quantity"] = 1,
                ["status"] = u.Status,
                ["listPrice"] = NewStoreJson.Major(u.ListPrice, c),
                ["pricebookPrice"] = NewStoreJson.Major(u.ListPrice, c),
                ["tax"] = NewStoreJson.Major(u.Tax, c),
                ["itemDiscounts"] = NewStoreJson.Major(u.ItemDiscount, c),
                ["orderDiscounts"] = NewStoreJson.Major(u.OrderDiscount, c),
                ["extendedAttributes"] = Nodes([]),
            })),
            ["discounts"] = Nodes(spec.CouponCode is { } coupon ? [new JsonObject { ["couponCode"] = coupon }] : []),
            ["addresses"] = Nodes([new JsonObject
            {
                ["addressType"] = "shipping",
                ["firstName"] = (string?)address["first_name"],
                ["lastName"] = (string?)address["last_name"],
                ["phone"] = (string?)address["phone"],
                ["country"] = (string?)address["country"],
                ["city"] = (string?)address["city"],
                ["addressLine1"] = (string?)address["address_line_1"],
                ["addressLine2"] = (string?)address["address_line_2"],
                ["state"] = (string?)address["state"],
                ["zipCode"] = (string?)address["zip_code"],
            }]),
            ["paymentAccount"] = new JsonObject
            {
                ["transactions"] = new JsonArray(new JsonObject
                {
                    ["amount"] = NewStoreJson.Major(order.GrandTotal, c),
                    ["currency"] = c,
                    ["transactionType"] = "capture",
                    ["instrument"] = new JsonObject
                    {
                        ["paymentMethod"] = "credit_card",
                        ["paymentProvider"] = "adyen",
                        ["paymentWallet"] = null,
                        ["paymentOrigin"] = spec.ChannelType,
                    },
                }),
            },
            ["fulfillmentRequests"] = Nodes([]),
        };
    }

    private static JsonObject Nodes(IEnumerable<JsonObject> nodes) => new() { ["nodes"] = new JsonArray([.. nodes.Select(n => (JsonNode)n)]) };

    private NewStoreOrderRecord OrderLocked(string orderId) =>
        _orders.TryGetValue(orderId, out var order) ? order : throw new ArgumentException($"Unknown order {orderId}.", nameof(orderId));

    private static NewStoreOrderSummary Summary(NewStoreOrderRecord o) => new(
        o.Id, o.ExternalId, o.Spec.PriceMethod, o.Currency, o.Subtotal, o.DiscountTotal, o.Spec.Shipping, o.ShippingTax, o.TaxTotal, o.GrandTotal,
        o.Cancelled, o.Appeased, o.Refunded, o.Spec.IsHistorical, o.Spec.ExchangeOf is not null, o.IsCancelled, o.FirstPublishedAt is not null, o.Spec.CustomerEmail ?? "");

    private static long CancelLocked(List<NewStoreUnit> units)
    {
        long amount = 0;
        foreach (var unit in units)
        {
            amount += unit.Remaining;
            unit.Remaining = 0;
            unit.Status = "cancelled";
        }

        return amount;
    }

    private static JsonObject CancelledItem(NewStoreUnit unit, string? reason)
    {
        var item = new JsonObject { ["id"] = unit.Id, ["product_id"] = unit.ProductId, ["quantity"] = 1, ["status"] = unit.Status };
        if (reason is not null)
        {
            item["cancellation_reason"] = reason;
        }

        return item;
    }

    /// <summary>Splits <paramref name="amount"/> by <paramref name="weights"/>: floors, then the leftover minor units one each to the first.</summary>
    private static long[] Prorate(long amount, long[] weights)
    {
        var total = weights.Sum();
        if (total == 0)
        {
            return new long[weights.Length];
        }

        var shares = weights.Select(w => (long)Math.Floor((decimal)amount * w / total)).ToArray();
        var left = amount - shares.Sum();
        for (var i = 0; left > 0; i = (i + 1) % shares.Length)
        {
            if (weights[i] > 0)
            {
                shares[i]++;
                left--;
            }
        }

        return shares;
    }

    private static void Check(NewStoreOrderSpec spec)
    {
        if (spec.PriceMethod is not (NewStoreOrderSpec.TaxExcluded or NewStoreOrderSpec.TaxIncluded))
        {
            throw new ArgumentException($"Unknown price method '{spec.PriceMethod}'.", nameof(spec));
        }

        if (spec.Lines.Count == 0 || spec.Lines.Any(l => l.Quantity < 1 || l.UnitPrice < 0 || l.ItemDiscount < 0 || l.ItemDiscount > l.UnitPrice || l.TaxRate < 0))
        {
            throw new ArgumentException("An order needs lines with quantity ≥ 1, prices ≥ 0 and item discounts within the price.", nameof(spec));
        }

        if (spec.OrderDiscount < 0 || spec.OrderDiscount > spec.Lines.Sum(l => (l.UnitPrice - l.ItemDiscount) * l.Quantity) || spec.Shipping < 0)
        {
            throw new ArgumentException("The order discount must be within the discounted subtotal and shipping ≥ 0.", nameof(spec));
        }
    }

    private NewStoreOrderRecord Build(NewStoreOrderSpec spec)
    {
        var included = spec.PriceMethod == NewStoreOrderSpec.TaxIncluded;
        var c = spec.Currency;
        var flat = spec.Lines.SelectMany(l => Enumerable.Repeat(l, l.Quantity)).ToList();
        var orderShares = Prorate(spec.OrderDiscount, [.. flat.Select(l => l.UnitPrice - l.ItemDiscount)]);
        var units = new List<NewStoreUnit>();
        var items = new JsonArray();
        for (var i = 0; i < flat.Count; i++)
        {
            var line = flat[i];
            var net = line.UnitPrice - line.ItemDiscount - orderShares[i];

            // tax_excluded adds tax to the discounted price; tax_included prices already contain it.
            var tax = included ? NewStoreJson.Round(net * line.TaxRate / (1 + line.TaxRate)) : NewStoreJson.Round(net * line.TaxRate);
            var unit = new NewStoreUnit
            {
                Id = NewId(),
                ProductId = line.ProductId,
                Position = i,
                ListPrice = line.UnitPrice,
                ItemDiscount = line.ItemDiscount,
                OrderDiscount = orderShares[i],
                Tax = tax,
                Paid = included ? net : net + tax,
            };
            unit.Remaining = unit.Paid;
            units.Add(unit);
            var discounts = new JsonArray();
            if (unit.ItemDiscount > 0)
            {
                discounts.Add(new JsonObject { ["coupon_code"] = null, ["price_adjustment"] = NewStoreJson.Major(unit.ItemDiscount, c), ["action"] = "fixed", ["level"] = "item" });
            }

            if (unit.OrderDiscount > 0)
            {
                discounts.Add(new JsonObject { ["coupon_code"] = spec.CouponCode, ["price_adjustment"] = NewStoreJson.Major(unit.OrderDiscount, c), ["action"] = "fixed", ["level"] = "order" });
            }

            items.Add(new JsonObject
            {
                ["id"] = unit.Id,
                ["item_type"] = "product",
                ["product_id"] = unit.ProductId,
                ["pricebook_id"] = "default",
                ["pricebook_price"] = NewStoreJson.Major(unit.ListPrice, c),
                ["list_price"] = NewStoreJson.Major(unit.ListPrice, c),
                ["item_discounts"] = NewStoreJson.Major(unit.ItemDiscount, c),
                ["order_discounts"] = NewStoreJson.Major(unit.OrderDiscount, c),
                ["tax"] = NewStoreJson.Major(unit.Tax, c),
                ["tax_provider_details"] = new JsonArray(new JsonObject
                {
                    ["name"] = included ? "VAT" : "STATE TAX",
                    ["amount"] = NewStoreJson.Major(unit.Tax, c),
                    ["rate"] = line.TaxRate,
                }),
                ["quantity"] = 1,
                ["status"] = "opened",
                ["extended_attributes"] = new JsonArray(),
                ["external_identifiers"] = new JsonObject { ["sku"] = unit.ProductId },
                ["shipping_service_level"] = spec.ChannelType == "store" ? "IN_STORE_HANDOVER" : "STANDARD",
                ["is_preorder"] = false,
                ["discounts"] = discounts,
            });
        }

        var subtotal = units.Sum(u => u.ListPrice);
        var discountTotal = units.Sum(u => u.ItemDiscount + u.OrderDiscount);
        var taxTotal = units.Sum(u => u.Tax);
        var shippingTax = included
            ? NewStoreJson.Round(spec.Shipping * spec.ShippingTaxRate / (1 + spec.ShippingTaxRate))
            : NewStoreJson.Round(spec.Shipping * spec.ShippingTaxRate);

        // Reference 3.4: tax_excluded grand = subtotal − discounts + shipping + shipping tax + tax; tax_included grand = subtotal − discounts + shipping.
        var grand = included ? subtotal - discountTotal + spec.Shipping : subtotal - discountTotal + spec.Shipping + shippingTax + taxTotal;
        var id = NewId();
        var now = Now;
        var placedAt = spec.PlacedAt ?? now;
        var externalId = (spec.ChannelType == "store" ? "ST" : "WB") + (++_externalNumber).ToString("D9", CultureInfo.InvariantCulture);
        var anonymous = string.IsNullOrEmpty(spec.CustomerEmail);
        var customerId = anonymous ? null : NewId();
        var payload = new JsonObject
        {
            ["id"] = id,
            ["external_id"] = externalId,
            ["created_at"] = NewStoreJson.EventTime(now),
            ["placed_at"] = NewStoreJson.EventTime(placedAt),
            ["channel_type"] = spec.ChannelType,
            ["channel"] = spec.DemandLocationId,
            ["demand_location_id"] = spec.DemandLocationId,
        };
        if (spec.ChannelType == "store")
        {
            payload["associate_id"] = "associate-1";
            payload["associate_email"] = "associate@example.com";
        }

        payload["customer_email"] = spec.CustomerEmail ?? "";
        if (customerId is not null)
        {
            payload["customer_id"] = customerId;
        }

        payload["is_historical"] = spec.IsHistorical;
        payload["is_exchange"] = spec.ExchangeOf is not null;
        if (spec.ExchangeOf is { } exchange)
        {
            payload["exchanges"] = new JsonArray(new JsonObject { ["order_id"] = exchange.OrderId, ["return_id"] = exchange.ReturnId });
        }

        payload["billing_address"] = ShippingAddress(spec);
        payload["shipping_address"] = ShippingAddress(spec);
        payload["price_method"] = spec.PriceMethod;
        payload["subtotal"] = NewStoreJson.Major(subtotal, c);
        payload["discount_total"] = NewStoreJson.Major(discountTotal, c);
        payload["shipping_total"] = NewStoreJson.Major(spec.Shipping, c);
        payload["shipping_tax"] = NewStoreJson.Major(shippingTax, c);
        payload["tax_total"] = NewStoreJson.Major(taxTotal, c);
        payload["grand_total"] = NewStoreJson.Major(grand, c);
        payload["currency"] = c;
        payload["tax_strategy"] = included ? "fixed_rate" : "avalara";
        payload["tax_exempt"] = false;
        payload["extended_attributes"] = new JsonArray();
        payload["discounts"] = spec.CouponCode is { } couponCode ? new JsonArray(new JsonObject { ["coupon_code"] = couponCode }) : new JsonArray();
        payload["items"] = items;
        return new NewStoreOrderRecord
        {
            Id = id,
            ExternalId = externalId,
            Spec = spec,
            Units = units,
            Subtotal = subtotal,
            DiscountTotal = discountTotal,
            ShippingTax = shippingTax,
            TaxTotal = taxTotal,
            GrandTotal = grand,
            PlacedAt = placedAt,
            CreatedAt = now,
            CustomerId = customerId,
            Payload = payload,
        };
    }

    private static JsonObject ShippingAddress(NewStoreOrderSpec spec)
    {
        var us = spec.Currency == "USD";
        return new JsonObject
        {
            ["first_name"] = string.IsNullOrEmpty(spec.CustomerEmail) ? "" : "Sam",
            ["last_name"] = string.IsNullOrEmpty(spec.CustomerEmail) ? "" : "Shopper",
            ["address_line_1"] = us ? "1572 California St" : "Prinsengracht 263",
            ["address_line_2"] = "",
            ["address_line1"] = us ? "1572 California St" : "Prinsengracht 263",
            ["address_line2"] = "",
            ["zip_code"] = us ? "94109" : "1016 GV",
            ["city"] = us ? "San Francisco" : "Amsterdam",
            ["state"] = us ? "CA" : "NH",
            ["country"] = us ? "US" : "NL",
            ["phone"] = "",
        };
    }
}
