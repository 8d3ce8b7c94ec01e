using System.Globalization;
using System.Text.Json.Nodes;
using static Connector.Sandbox.Square.SquareJson;

namespace Connector.Sandbox.Square;

internal sealed partial class SquareSimulatorState
{
    /// <summary>
    /// Creates the separate return order (Square never changes the sale) and, when money goes back to the buyer, a
    /// PaymentRefund whose <c>order_id</c> is that return order and whose <c>payment_id</c> is the sale's tender.
    /// </summary>
    public SquareReturnResult CreateReturn(ReturnSpec spec)
    {
        List<SquareWebhookEvent> events = [];
        SquareReturnResult result;
        lock (_gate)
        {
            JsonObject? sale = null;
            var ledger = new SquareReturnLedger();
            if (spec.SourceOrderId is { } saleId)
            {
                sale = _orders.GetValueOrDefault(saleId) ?? throw new ArgumentException($"Sale '{saleId}' does not exist.", nameof(spec));
                ledger = _ledgers.GetValueOrDefault(saleId) ?? throw new ArgumentException($"Order '{saleId}' is a return order, not a sale.", nameof(spec));
            }

            var (entry, delta) = SquareReturnBuilder.Build(sale, ledger, spec, NewUid);
            var currency = entry["return_amounts"]!["total_money"]!["currency"]!.GetValue<string>();
            var salePart = spec.ExchangeLines.Count > 0
                ? SquareSaleCalculator.Compute(new SaleSpec { Lines = spec.ExchangeLines, Currency = currency }, NewUid)
                : null;
            var id = NextId("ORD");
            var now = Time(Now);
            var order = new JsonObject
            {
                ["id"] = id,
                ["location_id"] = LocationOrDefault(spec.LocationId ?? sale?["location_id"]?.GetValue<string>()),
                ["source"] = new JsonObject { ["name"] = "Square Point of Sale" },
            };
            if (sale?["customer_id"] is { } customer)
            {
                order["customer_id"] = customer.DeepClone();
            }

            if (salePart is not null)
            {
                foreach (var (key, value) in salePart)
                {
                    order[key] = value!.DeepClone();
                }
            }
            else
            {
                foreach (var key in new[] { "total_money", "total_tax_money", "total_discount_money", "total_tip_money", "total_service_charge_money" })
                {
                    order[key] = Money(0, currency);
                }
            }

            order["returns"] = new JsonArray(entry);
            var returned = entry["return_amounts"]!.AsObject();
            order["return_amounts"] = returned.DeepClone();
            var sold = Amounts(order, currency);
            order["net_amounts"] = new JsonObject
            {
                ["total_money"] = Money(Amount(sold["total_money"]) - Amount(returned["total_money"]), currency),
                ["tax_money"] = Money(Amount(sold["tax_money"]) - Amount(returned["tax_money"]), currency),
                ["discount_money"] = Money(Amount(sold["discount_money"]) - Amount(returned["discount_money"]), currency),
                ["tip_money"] = Money(Amount(sold["tip_money"]) - Amount(returned["tip_money"]), currency),
                ["service_charge_money"] = Money(Amount(sold["service_charge_money"]) - Amount(returned["service_charge_money"]), currency),
            };
            order["created_at"] = now;
            order["updated_at"] = now;
            order["closed_at"] = now;
            order["state"] = "COMPLETED";
            order["version"] = 2L;

            // An exchange whose new items cost at least what came back moves no money to the buyer: no refund.
            var refundAmount = Amount(returned["total_money"]) - Amount(order["total_money"]);
            JsonObject? refund = null;
            if (refundAmount > 0)
            {
                var paymentId = sale?["tenders"]?[0]?["id"]?.GetValue<string>();
                var refundId = paymentId is null
                    ? NextId("RFD")
                    : paymentId + "_R" + (++_nextId).ToString(CultureInfo.InvariantCulture);
                refund = new JsonObject
                {
                    ["id"] = refundId,
                    ["status"] = spec.RefundPending ? "PENDING" : "COMPLETED",
                    ["location_id"] = order["location_id"]!.DeepClone(),
                    ["unlinked"] = paymentId is null,
                    ["destination_type"] = paymentId is null ? "CASH" : "CARD",
                    ["amount_money"] = Money(refundAmount, currency),
                };
                if (paymentId is not null)
                {
                    refund["payment_id"] = paymentId;
                }

                refund["order_id"] = id;
                refund["reason"] = spec.Reason;
                refund["created_at"] = now;
                refund["updated_at"] = now;
                refund["version"] = spec.RefundPending ? 1L : 2L;

                // Square lists a return order's refunds on the order too, with their status.
                order["refunds"] = new JsonArray(new JsonObject
                {
                    ["id"] = refund["id"]!.GetValue<string>(),
                    ["location_id"] = refund["location_id"]?.DeepClone(),
                    ["reason"] = spec.Reason,
                    ["amount_money"] = refund["amount_money"]!.DeepClone(),
                    ["status"] = refund["status"]!.GetValue<string>(),
                });
            }

            Store(order);
            ledger.Commit(delta);
            if (refund is not null)
            {
                var refundId = refund["id"]!.GetValue<string>();
                _refunds[refundId] = refund;
                _refundJson.Invalidate(refundId);
                _refundSequence.Add(refundId);
                if (refund["payment_id"]?.GetValue<string>() is { } paymentId)
                {
                    if (!_paymentRefunds.TryGetValue(paymentId, out var paymentRefunds))
                    {
                        _paymentRefunds[paymentId] = paymentRefunds = [];
                    }

                    paymentRefunds.Add(refundId);
                }
            }

            result = new SquareReturnResult(id, refund?["id"]!.GetValue<string>());
            if (Options.AutoWebhooks)
            {
                events.Add(NewEvent("order.created", id, OrderEventData("order.created", id, "OPEN", 1)));
                events.Add(NewEvent("order.updated", id, OrderEventData("order.updated", id)));
                if (refund is not null)
                {
                    events.AddRange(RefundEvents(refund));
                }
            }
        }

        Raise(events);
        return result;
    }

    /// <summary>Moves a PENDING refund to COMPLETED (a new <c>updated_at</c> and <c>version</c>) and raises refund.updated.</summary>
    public void CompleteRefund(string refundId)
    {
        List<SquareWebhookEvent> events = [];
        lock (_gate)
        {
            var refund = _refunds.GetValueOrDefault(refundId) ?? throw Unknown("refund", refundId);
            if (refund["status"]!.GetValue<string>() != "PENDING")
            {
                throw new InvalidOperationException($"Refund '{refundId}' is {refund["status"]}, not PENDING.");
            }

            refund["status"] = "COMPLETED";
            refund["updated_at"] = Time(Now);
            refund["version"] = Long(refund["version"]!) + 1;
            _refundJson.Invalidate(refundId);
            if (refund["order_id"]?.GetValue<string>() is { } orderId && _orders.GetValueOrDefault(orderId)?["refunds"] is JsonArray listed)
            {
                foreach (var entry in listed.OfType<JsonObject>().Where(e => e["id"]?.GetValue<string>() == refundId))
                {
                    entry["status"] = "COMPLETED";
                }

                OrderChanged(orderId);
            }

            if (Options.AutoWebhooks)
            {
                events.Add(NewEvent("refund.updated", refundId, RefundData(refund)));
            }
        }

        Raise(events);
    }

    /// <summary>Creation as PENDING, then (if already completed) the update to COMPLETED, as Square reports card refunds.</summary>
    private List<SquareWebhookEvent> RefundEvents(JsonObject refund)
    {
        var id = refund["id"]!.GetValue<string>();
        var created = refund.DeepClone().AsObject();
        created["status"] = "PENDING";
        created["version"] = 1L;
        var events = new List<SquareWebhookEvent> { NewEvent("refund.created", id, RefundData(created)) };
        if (refund["status"]!.GetValue<string>() == "COMPLETED")
        {
            events.Add(NewEvent("refund.updated", id, RefundData(refund)));
        }

        return events;
    }

    private static JsonObject RefundData(JsonObject refund) => new()
    {
        ["type"] = "refund",
        ["id"] = refund["id"]!.DeepClone(),
        ["object"] = new JsonObject { ["refund"] = refund.DeepClone() },
    };
}
