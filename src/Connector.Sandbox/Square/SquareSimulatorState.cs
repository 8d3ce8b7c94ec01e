using System.Globalization;
using System.Text.Json.Nodes;
using static Connector.Sandbox.Square.SquareJson;

namespace Connector.Sandbox.Square;

/// <summary>
/// Orders, refunds and customers as Square stores them, as JSON. One lock guards everything: generators and HTTP
/// handlers run concurrently, and a handler must never see a return order whose refund is not there yet. Reads take
/// the lock only to fetch cached wire bytes (<see cref="SquareJsonCache"/>); the recorded requests have their own
/// lock, so recording never waits on state. Ids come from counters, so a fresh simulator fed the same calls produces
/// the same ids.
/// </summary>
internal sealed partial class SquareSimulatorState
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _orders = new(StringComparer.Ordinal);
    private readonly List<string> _orderSequence = [];
    private readonly Dictionary<string, JsonObject> _refunds = new(StringComparer.Ordinal);
    private readonly List<string> _refundSequence = [];
    private readonly Dictionary<string, JsonObject> _customers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SquareReturnLedger> _ledgers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _paymentOrders = new(StringComparer.Ordinal);

    // Refund ids per payment id in creation order, so a payment lookup does not scan every refund.
    private readonly Dictionary<string, List<string>> _paymentRefunds = new(StringComparer.Ordinal);
    private readonly SquareJsonCache _orderJson;
    private readonly Dictionary<string, SquareOrderKeys> _orderKeys = new(StringComparer.Ordinal);
    private readonly SquareJsonCache _refundJson;
    private readonly SquareJsonCache _customerJson;
    private readonly Lock _recordGate = new();

    // A queue, not a list: once the cap is reached every request drops the oldest, which a list would shift.
    private readonly Queue<SquareRecordedRequest> _requests = new();
    private long _nextId;

    public SquareSimulatorState(SquareSimulatorOptions options)
    {
        if (options.Locations.Count == 0)
        {
            throw new ArgumentException("At least one location is needed.", nameof(options));
        }

        var saleTypes = new[] { "order.created", "order.updated", "payment.created", "payment.updated" };
        if (options.SaleWebhookTypes.FirstOrDefault(t => !saleTypes.Contains(t)) is { } unsupported)
        {
            throw new ArgumentException($"Sales cannot raise '{unsupported}'; use {string.Join(", ", saleTypes)}.", nameof(options));
        }

        Options = options;
        _orderJson = new SquareJsonCache(_orders);
        _refundJson = new SquareJsonCache(_refunds);
        _customerJson = new SquareJsonCache(_customers);
    }

    public SquareSimulatorOptions Options { get; }

    // A fault's path filter is a path prefix, with or without its leading slash.
    internal FaultInjector Faults { get; } = new((path, filter) => filter is null || path.StartsWith("/" + filter.TrimStart('/'), StringComparison.Ordinal));

    /// <summary>Called (outside the lock) with every event a state change produced, when <see cref="SquareSimulatorOptions.AutoWebhooks"/> is on.</summary>
    public Action<SquareWebhookEvent>? EventRaised { get; set; }

    public IReadOnlyList<SquareRecordedRequest> Requests
    {
        get
        {
            lock (_recordGate)
            {
                return _requests.ToArray();
            }
        }
    }

    public IReadOnlyList<string> OrderIds
    {
        get
        {
            lock (_gate)
            {
                return _orderSequence.ToArray();
            }
        }
    }

    public IReadOnlyList<string> RefundIds
    {
        get
        {
            lock (_gate)
            {
                return _refundSequence.ToArray();
            }
        }
    }

    private DateTimeOffset Now => Options.TimeProvider.GetUtcNow();

    public void Record(SquareRecordedRequest request)
    {
        lock (_recordGate)
        {
            _requests.Enqueue(request);
            while (_requests.Count > Options.MaxRecordedRequests)
            {
                _requests.Dequeue();
            }
        }
    }

    public void ClearRequests()
    {
        lock (_recordGate)
        {
            _requests.Clear();
        }
    }

    public string AddCustomer(string? email, string? givenName)
    {
        lock (_gate)
        {
            var id = NextId("CUST");
            var now = Time(Now);
            var customer = new JsonObject { ["id"] = id, ["created_at"] = now, ["updated_at"] = now };
            if (givenName is not null)
            {
                customer["given_name"] = givenName;
            }

            if (email is not null)
            {
                customer["email_address"] = email;
            }

            customer["preferences"] = new JsonObject { ["email_unsubscribed"] = false };
            customer["creation_source"] = "THIRD_PARTY";
            customer["version"] = 1L;
            _customers[id] = customer;
            _customerJson.Invalidate(id);
            return id;
        }
    }

    public JsonObject? Order(string id) => Clone(_orders, id);

    public JsonObject? Refund(string id) => Clone(_refunds, id);

    public JsonObject? Customer(string id) => Clone(_customers, id);

    /// <summary>The order's wire bytes (shared: never write to them), or null.</summary>
    public byte[]? OrderJson(string id)
    {
        lock (_gate)
        {
            return _orderJson.Get(id);
        }
    }

    /// <summary>The refund's wire bytes (shared: never write to them), or null.</summary>
    public byte[]? RefundJson(string id)
    {
        lock (_gate)
        {
            return _refundJson.Get(id);
        }
    }

    /// <summary>The customer's wire bytes (shared: never write to them), or null.</summary>
    public byte[]? CustomerJson(string id)
    {
        lock (_gate)
        {
            return _customerJson.Get(id);
        }
    }

    /// <summary>The payment behind a sale, derived from its tender (Square's <c>Payment</c>, trimmed to what matters here).</summary>
    public JsonObject? Payment(string paymentId)
    {
        lock (_gate)
        {
            return _paymentOrders.TryGetValue(paymentId, out var orderId) ? PaymentOf(_orders[orderId]) : null;
        }
    }

    /// <summary>Builds the webhook event for an object as it is now (order events carry a summary, refund/payment events the object).</summary>
    public SquareWebhookEvent CreateEvent(string eventType, string objectId)
    {
        lock (_gate)
        {
            var data = eventType switch
            {
                "order.created" or "order.updated" => OrderEventData(eventType, objectId),
                "refund.created" or "refund.updated" => new JsonObject
                {
                    ["type"] = "refund",
                    ["id"] = objectId,
                    ["object"] = new JsonObject { ["refund"] = (_refunds.GetValueOrDefault(objectId) ?? throw Unknown("refund", objectId)).DeepClone() },
                },
                "payment.created" or "payment.updated" => new JsonObject
                {
                    ["type"] = "payment",
                    ["id"] = objectId,
                    ["object"] = new JsonObject { ["payment"] = PaymentById(objectId) },
                },
                "customer.created" or "customer.updated" => new JsonObject
                {
                    ["type"] = "customer",
                    ["id"] = objectId,
                    ["object"] = new JsonObject { ["customer"] = (_customers.GetValueOrDefault(objectId) ?? throw Unknown("customer", objectId)).DeepClone() },
                },
                _ => throw new ArgumentException($"Event type '{eventType}' is not simulated.", nameof(eventType)),
            };
            return NewEvent(eventType, objectId, data);
        }
    }

    private SquareWebhookEvent NewEvent(string eventType, string objectId, JsonObject data)
    {
        var eventId = EventId();
        var body = new JsonObject
        {
            ["merchant_id"] = Options.MerchantId,
            ["type"] = eventType,
            ["event_id"] = eventId,
            ["created_at"] = Time(Now),
            ["data"] = data,
        };
        return new SquareWebhookEvent(eventId, eventType, objectId, Serialize(body));
    }

    private JsonObject OrderEventData(string eventType, string orderId, string? state = null, long? version = null)
    {
        var order = _orders.GetValueOrDefault(orderId) ?? throw Unknown("order", orderId);
        var key = eventType == "order.created" ? "order_created" : "order_updated";
        var summary = new JsonObject
        {
            ["order_id"] = orderId,
            ["version"] = version ?? Long(order["version"]!),
            ["location_id"] = order["location_id"]!.DeepClone(),
            ["state"] = state ?? order["state"]!.GetValue<string>(),
            ["created_at"] = order["created_at"]!.DeepClone(),
        };
        if (key == "order_updated")
        {
            summary["updated_at"] = order["updated_at"]!.DeepClone();
        }

        return new JsonObject { ["type"] = key, ["id"] = orderId, ["object"] = new JsonObject { [key] = summary } };
    }

    private JsonObject PaymentById(string paymentId) =>
        _paymentOrders.TryGetValue(paymentId, out var orderId) ? PaymentOf(_orders[orderId]) : throw Unknown("payment", paymentId);

    private JsonObject PaymentOf(JsonObject order)
    {
        var tender = order["tenders"]![0]!;
        var currency = order["total_money"]!["currency"]!.GetValue<string>();
        var paymentId = tender["id"]!.GetValue<string>();
        var refunds = _paymentRefunds.TryGetValue(paymentId, out var ids) ? ids.Select(r => _refunds[r]).ToList() : [];
        var tip = Amount(tender["tip_money"]);
        var payment = new JsonObject
        {
            ["id"] = paymentId,
            ["created_at"] = order["created_at"]!.DeepClone(),
            ["updated_at"] = order["updated_at"]!.DeepClone(),
            ["amount_money"] = Money(Amount(tender["amount_money"]) - tip, currency),
            ["tip_money"] = Money(tip, currency),
            ["total_money"] = tender["amount_money"]!.DeepClone(),
            ["status"] = "COMPLETED",
            ["source_type"] = "CARD",
            ["location_id"] = order["location_id"]!.DeepClone(),
            ["order_id"] = order["id"]!.DeepClone(),
            ["refund_ids"] = new JsonArray(refunds.Select(r => (JsonNode)JsonValue.Create(r["id"]!.GetValue<string>())!).ToArray()),
            ["refunded_money"] = Money(refunds.Where(r => r["status"]!.GetValue<string>() == "COMPLETED").Sum(r => Amount(r["amount_money"])), currency),
        };
        if (order["customer_id"] is { } customer)
        {
            payment["customer_id"] = customer.DeepClone();
        }

        return payment;
    }

    private string LocationOrDefault(string? locationId)
    {
        if (locationId is null)
        {
            return Options.Locations[0].Id;
        }

        return Options.Locations.Any(l => l.Id == locationId)
            ? locationId
            : throw new ArgumentException($"Location '{locationId}' is not one of the simulator's.", nameof(locationId));
    }

    private JsonObject? Clone(Dictionary<string, JsonObject> store, string id)
    {
        lock (_gate)
        {
            return store.TryGetValue(id, out var value) ? value.DeepClone().AsObject() : null;
        }
    }

    private string NextId(string kind) => kind + (++_nextId).ToString("D8", CultureInfo.InvariantCulture) + "SIM";

    private string NewUid() => "uid-" + (++_nextId).ToString(CultureInfo.InvariantCulture);

    /// <summary>UUID-shaped and deterministic, so a seeded run can be compared event by event.</summary>
    private string EventId() => "5e1a0000-0000-4000-8000-" + (++_nextId).ToString("x12", CultureInfo.InvariantCulture);

    private static KeyNotFoundException Unknown(string what, string id) => new($"No {what} with id '{id}' in the simulator.");
}
