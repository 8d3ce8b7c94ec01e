using System.Globalization;
using System.Text.Json.Nodes;

namespace Connector.Sandbox.Leat;

/// <summary>Order returns: create, process. Leat documents no find or get for returns.</summary>
public sealed partial class LeatFakeState
{
    internal FakeResponse CreateReturn(string body, bool process)
    {
        using var document = ParseObject(body);
        lock (_gate)
        {
            var errors = new ValidationErrors();
            var parsed = ReturnPayloadValidator.Validate(document.RootElement, errors);
            if (errors.HasErrors)
            {
                return LeatErrors.Validation(errors);
            }

            StoredOrder? order;
            if (parsed.OrderUuid is not null)
            {
                _ordersByUuid.TryGetValue(parsed.OrderUuid, out order);
            }
            else
            {
                _ordersByExternalId.TryGetValue(parsed.OrderExternalIdentifier!, out order);
            }

            if (order is null)
            {
                var key = parsed.OrderUuid is not null ? "order.uuid" : "order.external_identifier";
                errors.Add(key, $"The selected {key} is invalid.");
                return LeatErrors.Validation(errors);
            }

            if (_returnsByExternalId.ContainsKey(parsed.ExternalIdentifier))
            {
                return LeatErrors.Duplicate();
            }

            var plan = PlanReturn(order, parsed, errors);
            if (errors.HasErrors)
            {
                return LeatErrors.Validation(errors);
            }

            var stored = StoreReturn(order, parsed, plan, body);
            if (!process)
            {
                return FakeResponse.Ok(stored.Json.DeepClone());
            }

            return FakeResponse.Ok(new JsonObject { ["return"] = stored.Json.DeepClone(), ["result"] = ProcessReturnLocked(stored) });
        }
    }

    internal FakeResponse ProcessReturn(string uuid)
    {
        lock (_gate)
        {
            if (!_returnsByUuid.TryGetValue(uuid, out var stored))
            {
                return LeatErrors.NotFound(LeatErrors.OrderNotFound, "Order return not found.");
            }

            if (stored.Processed)
            {
                return LeatErrors.Create(422, LeatErrors.InvalidInput, "The order return has already been processed.");
            }

            return FakeResponse.Ok(ProcessReturnLocked(stored));
        }
    }

    /// <summary>
    /// Checks every reference and cap against the order and what earlier returns already took (cumulatively, not per
    /// return: Leat's own Magento module caps per credit memo, which lets repeated partial returns over-revoke).
    /// </summary>
    private static List<ReturnLine> PlanReturn(StoredOrder order, ParsedReturn parsed, ValidationErrors errors)
    {
        var plan = new List<ReturnLine>();
        foreach (var line in parsed.Lines.Concat(parsed.SubLines))
        {
            var isSubLine = parsed.SubLines.Contains(line);
            var idKey = line.Key + ".external_identifier";
            if (!order.Lines.TryGetValue(line.ExternalIdentifier, out var part)
                || part.IsSubLine != isSubLine
                || (isSubLine && line.ParentExternalIdentifier is not null && part.ParentExternalIdentifier != line.ParentExternalIdentifier))
            {
                errors.Add(idKey, $"The selected {idKey} is invalid.");
                continue;
            }

            var remainingQuantity = part.Quantity - part.ReturnedQuantity;
            if (line.Quantity > remainingQuantity)
            {
                errors.Add(line.Key + ".quantity", $"The {line.Key}.quantity field must not be greater than {Format(remainingQuantity)}.");
                continue;
            }

            var remainingAmount = part.Total - part.ReturnedAmount;
            long amount;
            if (line.TotalAmount is { } total)
            {
                if (total > remainingAmount)
                {
                    errors.Add(line.Key + ".total_amount", $"The {line.Key}.total_amount field must not be greater than {remainingAmount}.");
                    continue;
                }

                amount = total;
            }
            else
            {
                // Docs: "If not given, remaining quantity and price will be used". The fake takes the returned share of
                // the line's total (after its discount), floored; returning the last units takes exactly what is left,
                // so returning a line in pieces adds up to its total.
                amount = line.Quantity == remainingQuantity
                    ? remainingAmount
                    : Math.Min(remainingAmount, (long)decimal.Floor(part.Total * line.Quantity / part.Quantity));
            }

            var remainingDiscount = part.Discount - part.ReturnedDiscount;
            if (line.DiscountAmount is { } discount && discount > remainingDiscount)
            {
                errors.Add(line.Key + ".discount_amount", $"The {line.Key}.discount_amount field must not be greater than {remainingDiscount}.");
                continue;
            }

            plan.Add(new ReturnLine(part, line, line.Quantity, amount, line.DiscountAmount ?? 0));
        }

        PlanAmounts(order.Discounts, parsed.Discounts, plan, errors);
        PlanAmounts(order.Charges, parsed.Charges, plan, errors);
        return plan;
    }

    private static void PlanAmounts(Dictionary<string, StoredPart> parts, List<ParsedReturnAmount> returned, List<ReturnLine> plan, ValidationErrors errors)
    {
        foreach (var item in returned)
        {
            var idKey = item.Key + ".external_identifier";
            if (!parts.TryGetValue(item.ExternalIdentifier, out var part))
            {
                errors.Add(idKey, $"The selected {idKey} is invalid.");
                continue;
            }

            var remaining = part.Total - part.ReturnedAmount;
            if (item.Amount > remaining)
            {
                errors.Add(item.AmountKey, $"The {item.AmountKey} field must not be greater than {remaining}.");
                continue;
            }

            plan.Add(new ReturnLine(part, null, 0, item.Amount, 0));
        }
    }

    private StoredReturn StoreReturn(StoredOrder order, ParsedReturn parsed, List<ReturnLine> plan, string body)
    {
        var lineReturns = new JsonArray();
        var subLineReturns = new JsonArray();
        long basis = 0;
        foreach (var item in plan)
        {
            item.Part.ReturnedQuantity += item.Quantity;
            item.Part.ReturnedAmount += item.Amount;
            item.Part.ReturnedDiscount += item.Discount;
            if (item.Line is null)
            {
                // Order-level discounts given back reduce the returned basis; charges never earned points.
                if (item.Part.AppliedTo == "ORDER")
                {
                    basis -= item.Amount;
                }

                continue;
            }

            basis += item.Amount;
            var reference = new JsonObject { ["uuid"] = item.Part.Uuid, ["external_identifier"] = item.Part.ExternalIdentifier };
            var entry = new JsonObject
            {
                ["uuid"] = Guid.NewGuid().ToString(),
                ["quantity"] = item.Quantity,
                ["total_amount"] = item.Amount,
                ["discount_amount"] = item.Discount,
                ["reason"] = item.Line.Reason,
                [item.Part.IsSubLine ? "sub_line_item" : "line_item"] = reference,
            };
            (item.Part.IsSubLine ? subLineReturns : lineReturns).Add(entry);
        }

        var uuid = Guid.NewGuid().ToString();
        var json = new JsonObject
        {
            ["uuid"] = uuid,
            ["external_identifier"] = parsed.ExternalIdentifier,
            ["status"] = parsed.Status,
            ["order"] = new JsonObject { ["uuid"] = order.Uuid, ["external_identifier"] = order.ExternalIdentifier },
            ["line_item_returns"] = lineReturns,
            ["sub_line_item_returns"] = subLineReturns,
            ["created_at"] = Now(),
        };
        var stored = new StoredReturn
        {
            Uuid = uuid,
            ExternalIdentifier = parsed.ExternalIdentifier,
            Order = order,
            Status = parsed.Status,
            RequestBody = body,
            Json = json,
            ReturnedBasis = Math.Max(0, basis),
        };
        _returnsByExternalId[stored.ExternalIdentifier] = stored;
        _returnsByUuid[stored.Uuid] = stored;
        return stored;
    }

    /// <summary>
    /// Reverses points in proportion to the returned basis, computed cumulatively over the order's processed returns:
    /// reversed-so-far = floor(min(returned basis, order basis) / order basis × awarded). Flooring favours the contact on
    /// a partial return, and the last return of a fully returned order takes back exactly what is left, so the total
    /// reversed never exceeds what was awarded. Returns processed before their order was processed reverse nothing
    /// (no result, as Leat says when the order triggered no run).
    /// </summary>
    private JsonObject? ProcessReturnLocked(StoredReturn stored)
    {
        stored.Processed = true;
        var order = stored.Order;
        if (!order.Processed)
        {
            return null;
        }

        order.ReturnedBasisProcessed += stored.ReturnedBasis;
        var cumulative = Math.Min(order.ReturnedBasisProcessed, order.PointsBasis);
        var target = order.PointsBasis == 0 ? 0 : (long)((Int128)cumulative * order.PointsAwarded / order.PointsBasis);
        var reversed = Math.Clamp(target - order.PointsReversed, 0, order.PointsAwarded - order.PointsReversed);
        order.PointsReversed += reversed;
        stored.PointsReversed = reversed;
        var contact = _contactsByUuid[order.ContactUuid];
        contact.Balance -= reversed;

        // A reversal is a negative points transaction (guess: the docs' example copies the order's positive 35).
        return PointsResult(-reversed, contact.Balance);
    }

    private static string Format(decimal quantity) => quantity.ToString("0.############", CultureInfo.InvariantCulture);

    private sealed record ReturnLine(StoredPart Part, ParsedReturnPart? Line, decimal Quantity, long Amount, long Discount);
}
