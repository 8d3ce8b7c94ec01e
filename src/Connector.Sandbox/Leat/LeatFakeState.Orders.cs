using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>Orders: create, process, find, get, update, simulate.</summary>
public sealed partial class LeatFakeState
{
    internal FakeResponse CreateOrder(string body, bool process)
    {
        using var document = ParseObject(body);
        lock (_gate)
        {
            var errors = new ValidationErrors();
            var parsed = OrderPayloadValidator.Validate(document.RootElement, simulate: false, Options.DefaultCurrency, _contactsByUuid.ContainsKey, _shops.ContainsKey, errors);
            if (errors.HasErrors)
            {
                return LeatErrors.Validation(errors);
            }

            // Checked and inserted under the same lock: a concurrent duplicate cannot slip between the two.
            if (_ordersByExternalId.ContainsKey(parsed.ExternalIdentifier))
            {
                return LeatErrors.Duplicate();
            }

            var order = StoreOrder(parsed, body);
            if (!process)
            {
                return FakeResponse.Ok(order.Json.DeepClone());
            }

            var result = ProcessLocked(order);
            return FakeResponse.Ok(new JsonObject { ["order"] = order.Json.DeepClone(), ["result"] = result });
        }
    }

    internal FakeResponse ProcessOrder(string uuid)
    {
        lock (_gate)
        {
            if (!_ordersByUuid.TryGetValue(uuid, out var order))
            {
                return LeatErrors.NotFound(LeatErrors.OrderNotFound, "Order not found.");
            }

            // Guess: Leat documents no idempotency for process; re-processing is refused so a client that
            // double-processes is caught rather than silently double-awarding points.
            if (order.Processed)
            {
                return LeatErrors.Create(422, LeatErrors.InvalidInput, "The order has already been processed.");
            }

            return FakeResponse.Ok(ProcessLocked(order));
        }
    }

    internal FakeResponse FindOrder(string? externalIdentifier)
    {
        if (string.IsNullOrWhiteSpace(externalIdentifier))
        {
            var errors = new ValidationErrors();
            errors.Add("external_identifier", "The external_identifier field is required.");
            return LeatErrors.Validation(errors);
        }

        lock (_gate)
        {
            return _ordersByExternalId.TryGetValue(externalIdentifier, out var order)
                ? FakeResponse.Ok(order.Json.DeepClone())
                : LeatErrors.NotFound(LeatErrors.OrderNotFound, "Order not found.");
        }
    }

    internal FakeResponse GetOrder(string uuid)
    {
        lock (_gate)
        {
            return _ordersByUuid.TryGetValue(uuid, out var order)
                ? FakeResponse.Ok(order.Json.DeepClone())
                : LeatErrors.NotFound(LeatErrors.OrderNotFound, "Order not found.");
        }
    }

    internal FakeResponse UpdateOrder(string uuid, string body)
    {
        using var document = ParseObject(body);
        var errors = new ValidationErrors();
        var status = Fields.Enum(document.RootElement, "status", "status", required: false, OrderPayloadValidator.Statuses, errors);
        var paymentStatus = Fields.Enum(document.RootElement, "payment_status", "payment_status", required: false, OrderPayloadValidator.PaymentStatuses, errors);
        lock (_gate)
        {
            if (!_ordersByUuid.TryGetValue(uuid, out var order))
            {
                return LeatErrors.NotFound(LeatErrors.OrderNotFound, "Order not found.");
            }

            if (errors.HasErrors)
            {
                return LeatErrors.Validation(errors);
            }

            if (status is not null)
            {
                order.Status = status;
                order.Json["status"] = status;
            }

            if (paymentStatus is not null)
            {
                order.PaymentStatus = paymentStatus;
                order.Json["payment_status"] = paymentStatus;
            }

            order.Json["updated_at"] = Now();
            return FakeResponse.Ok(order.Json.DeepClone());
        }
    }

    internal FakeResponse Simulate(string body)
    {
        using var document = ParseObject(body);
        lock (_gate)
        {
            var errors = new ValidationErrors();
            var parsed = OrderPayloadValidator.Validate(document.RootElement, simulate: true, Options.DefaultCurrency, _contactsByUuid.ContainsKey, _shops.ContainsKey, errors);
            if (errors.HasErrors)
            {
                return LeatErrors.Validation(errors);
            }

            // The docs show the simulate result type in lower case, unlike create-and-process; clients must not care.
            return FakeResponse.Ok(new JsonObject
            {
                ["type"] = "points_transaction",
                ["data"] = new JsonObject { ["points"] = Points(parsed.PointsBasis, parsed.Currency) },
            });
        }
    }

    private long Points(long basis, string currency) =>
        Options.PointsRule?.Invoke(basis, currency)
        ?? (long)decimal.Floor(basis * Options.PointsPerCurrencyUnit / Currencies.MinorPerUnit(currency));

    private JsonObject ProcessLocked(StoredOrder order)
    {
        var contact = _contactsByUuid[order.ContactUuid];
        var points = Points(order.PointsBasis, order.Currency);
        contact.Balance += points;
        order.Processed = true;
        order.PointsAwarded = points;
        return PointsResult(points, contact.Balance);
    }

    private static JsonObject PointsResult(long points, long newBalance) => new()
    {
        ["type"] = "POINTS_TRANSACTION",
        ["data"] = new JsonObject { ["points"] = points, ["new_balance"] = newBalance },
    };

    private string Now() => Options.TimeProvider.GetUtcNow().ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);

    private StoredOrder StoreOrder(ParsedOrder parsed, string body)
    {
        var source = JsonNode.Parse(body)!.AsObject();
        var uuid = Guid.NewGuid().ToString();
        var json = WithUuid(source, uuid);
        var contact = _contactsByUuid[parsed.ContactUuid!];
        var shop = _shops[parsed.BusinessProfileUuid];
        json["contact"] = new JsonObject { ["uuid"] = contact.Uuid, ["email"] = contact.Email };
        json["business_profile"] = new JsonObject { ["uuid"] = shop.Uuid, ["name"] = shop.Name };
        json["currency"] = parsed.Currency;
        var lineTotal = parsed.Lines.Sum(l => l.TotalAmount) + parsed.SubLines.Sum(l => l.TotalAmount);
        json["order_amount"] ??= lineTotal;
        json["total_discount_amount"] ??= parsed.Discounts.Sum(d => d.Amount);
        json["total_charges_amount"] = parsed.Charges.Sum(c => c.TotalAmount);
        json["formatted_total_order_amount"] = Currencies.Format(json["total_order_amount"]!.GetValue<long>(), parsed.Currency);

        var order = new StoredOrder
        {
            Uuid = uuid,
            ExternalIdentifier = parsed.ExternalIdentifier,
            ContactUuid = contact.Uuid,
            BusinessProfileUuid = shop.Uuid,
            Currency = parsed.Currency,
            RequestBody = body,
            Json = json,
            PointsBasis = parsed.PointsBasis,
            Status = parsed.Status,
            PaymentStatus = parsed.PaymentStatus,
        };

        var parts = parsed.Lines.Concat(parsed.SubLines).ToDictionary(p => p.ExternalIdentifier!, StringComparer.Ordinal);
        json["line_items"] = AssignUuids(json["line_items"], (lineJson, lineUuid) =>
        {
            var id = lineJson["external_identifier"]!.GetValue<string>();
            AddPart(order.Lines, parts[id], lineUuid, isSubLine: false);
            lineJson["discount_amount"] ??= 0;
            if (lineJson["sub_line_items"] is { } subs)
            {
                lineJson["sub_line_items"] = AssignUuids(subs, (subJson, subUuid) =>
                {
                    AddPart(order.Lines, parts[subJson["external_identifier"]!.GetValue<string>()], subUuid, isSubLine: true);
                    subJson["discount_amount"] ??= 0;
                });
            }
        });

        var discounts = parsed.Discounts.ToDictionary(d => d.ExternalIdentifier!, StringComparer.Ordinal);
        json["applied_discounts"] = AssignUuids(json["applied_discounts"], (discountJson, discountUuid) =>
        {
            var discount = discounts[discountJson["external_identifier"]!.GetValue<string>()];
            order.Discounts[discount.ExternalIdentifier!] = new StoredPart
            {
                Uuid = discountUuid,
                ExternalIdentifier = discount.ExternalIdentifier!,
                Total = discount.Amount,
                AppliedTo = discount.AppliedTo,
            };
        });

        var charges = parsed.Charges.ToDictionary(c => c.ExternalIdentifier!, StringComparer.Ordinal);
        json["charges"] = AssignUuids(json["charges"], (chargeJson, chargeUuid) =>
        {
            var charge = charges[chargeJson["external_identifier"]!.GetValue<string>()];
            order.Charges[charge.ExternalIdentifier!] = new StoredPart { Uuid = chargeUuid, ExternalIdentifier = charge.ExternalIdentifier!, Total = charge.TotalAmount };
        });

        var now = Now();
        json["created_at"] = now;
        json["updated_at"] = now;
        _ordersByExternalId[order.ExternalIdentifier] = order;
        _ordersByUuid[order.Uuid] = order;
        return order;
    }

    private static void AddPart(Dictionary<string, StoredPart> parts, ParsedPart part, string uuid, bool isSubLine) =>
        parts[part.ExternalIdentifier!] = new StoredPart
        {
            Uuid = uuid,
            ExternalIdentifier = part.ExternalIdentifier!,
            IsSubLine = isSubLine,
            ParentExternalIdentifier = part.ParentExternalIdentifier,
            Quantity = part.Quantity,
            Total = part.TotalAmount,
            Discount = part.DiscountAmount,
        };

    /// <summary>Copies each object of an array with a fresh uuid as its first property; null/absent stays an empty array.</summary>
    private static JsonArray AssignUuids(JsonNode? items, Action<JsonObject, string> visit)
    {
        var result = new JsonArray();
        if (items is not JsonArray array)
        {
            return result;
        }

        foreach (var item in array)
        {
            var uuid = Guid.NewGuid().ToString();
            var copy = WithUuid(item!.AsObject(), uuid);
            visit(copy, uuid);
            result.Add(copy);
        }

        return result;
    }

    private static JsonObject WithUuid(JsonObject source, string uuid)
    {
        var copy = new JsonObject { ["uuid"] = uuid };
        foreach (var (name, value) in source)
        {
            if (name != "uuid")
            {
                copy[name] = value?.DeepClone();
            }
        }

        return copy;
    }
}
