using System.Text.Json.Nodes;
using static Connector.Sandbox.Square.SquareJson;

namespace Connector.Sandbox.Square;

internal sealed partial class SquareSimulatorState
{
    /// <summary>A completed, fully paid sale with one card tender; raises order.created (OPEN, v1) and order.updated (COMPLETED, v2).</summary>
    public string CreateSale(SaleSpec spec)
    {
        List<SquareWebhookEvent> events = [];
        string id;
        lock (_gate)
        {
            if (spec.CustomerId is not null && !_customers.ContainsKey(spec.CustomerId))
            {
                throw new ArgumentException($"Customer '{spec.CustomerId}' does not exist.", nameof(spec));
            }

            var money = SquareSaleCalculator.Compute(spec, NewUid);
            id = NextId("ORD");
            var now = Time(Now);
            var total = Amount(money["total_money"]);
            var order = new JsonObject { ["id"] = id, ["location_id"] = LocationOrDefault(spec.LocationId) };
            if (spec.ReferenceId is not null)
            {
                order["reference_id"] = spec.ReferenceId;
            }

            order["source"] = new JsonObject { ["name"] = "Square Point of Sale" };
            if (spec.CustomerId is not null)
            {
                order["customer_id"] = spec.CustomerId;
            }

            foreach (var (key, value) in money)
            {
                order[key] = value!.DeepClone();
            }

            var tender = new JsonObject
            {
                ["id"] = NextId("PAY"),
                ["uid"] = NewUid(),
                ["location_id"] = order["location_id"]!.DeepClone(),
                ["transaction_id"] = id,
                ["created_at"] = now,
                ["amount_money"] = Money(total, spec.Currency),
                ["tip_money"] = Money(spec.Tip, spec.Currency),
                ["type"] = "CARD",
                ["card_details"] = new JsonObject { ["status"] = "CAPTURED", ["entry_method"] = "EMV" },
            };
            if (spec.CustomerId is not null)
            {
                tender["customer_id"] = spec.CustomerId;
            }

            order["tenders"] = new JsonArray(tender);
            order["net_amounts"] = Amounts(order, spec.Currency);
            order["net_amount_due_money"] = Money(0, spec.Currency);
            order["created_at"] = now;
            order["updated_at"] = now;
            order["closed_at"] = now;
            order["state"] = "COMPLETED";
            order["version"] = 2L;
            Store(order);
            _ledgers[id] = new SquareReturnLedger();
            _paymentOrders[tender["id"]!.GetValue<string>()] = id;
            if (Options.AutoWebhooks)
            {
                events.AddRange(Options.SaleWebhookTypes.Select(type => SaleEvent(type, order)));
            }
        }

        Raise(events);
        return id;
    }

    /// <summary>The sale's events: order.created is the OPEN first version, payment events carry the tender's payment.</summary>
    private SquareWebhookEvent SaleEvent(string type, JsonObject order)
    {
        var id = order["id"]!.GetValue<string>();
        return type switch
        {
            "order.created" => NewEvent(type, id, OrderEventData(type, id, "OPEN", 1)),
            "order.updated" => NewEvent(type, id, OrderEventData(type, id)),
            "payment.created" or "payment.updated" => NewEvent(type, order["tenders"]![0]!["id"]!.GetValue<string>(), new JsonObject
            {
                ["type"] = "payment",
                ["id"] = order["tenders"]![0]!["id"]!.DeepClone(),
                ["object"] = new JsonObject { ["payment"] = PaymentOf(order) },
            }),
            _ => throw new ArgumentException($"Sales do not raise '{type}'.", nameof(type)),
        };
    }

    private void Store(JsonObject order)
    {
        var id = order["id"]!.GetValue<string>();
        _orders[id] = order;
        _orderSequence.Add(id);
        OrderChanged(id);
    }

    /// <summary>Every write to a stored order ends here (under the lock), so its cached bytes and search keys follow it.</summary>
    private void OrderChanged(string id)
    {
        _orderJson.Invalidate(id);
        _orderKeys[id] = SquareOrderKeys.From(_orders[id]);
    }

    private void Raise(List<SquareWebhookEvent> events)
    {
        foreach (var e in events)
        {
            EventRaised?.Invoke(e);
        }
    }

    /// <summary>The sale part's roll-up, in <c>OrderMoneyAmounts</c> shape.</summary>
    private static JsonObject Amounts(JsonObject order, string currency) => new()
    {
        ["total_money"] = Money(Amount(order["total_money"]), currency),
        ["tax_money"] = Money(Amount(order["total_tax_money"]), currency),
        ["discount_money"] = Money(Amount(order["total_discount_money"]), currency),
        ["tip_money"] = Money(Amount(order["total_tip_money"]), currency),
        ["service_charge_money"] = Money(Amount(order["total_service_charge_money"]), currency),
    };
}
