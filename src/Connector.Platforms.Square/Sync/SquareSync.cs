using Connector.Core.Mappings;
using Connector.Leat.Dispatch;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Mapping;
using Connector.Platforms.Square.Model;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.Square.Sync;

/// <summary>
/// Turns "something changed in Square" into Leat dispatches. It never trusts an event's payload or order: it
/// fetches the current order or refund, maps it, and lets the dispatcher decide what still needs sending, so a
/// webhook delivered three times, out of order, or overlapping a poll ends in one Leat call per sale and return.
/// </summary>
public sealed partial class SquareSync(ISquareClient square, LeatDispatcher dispatcher, PlatformMappings mappings, SquareMappingRules rules, ILogger<SquareSync> logger)
{
    public const string Platform = "square";

    private readonly SquareMappingRules _rules = rules;

    /// <summary>
    /// Sends a sale, or what a return order holds: its returns once it is COMPLETED and none of its refunds is still
    /// pending (an exchange the buyer paid extra for has no refund at all), and an exchange's new items.
    /// </summary>
    public async Task<IReadOnlyList<DispatchResult>> SyncOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await square.RetrieveOrderAsync(orderId, cancellationToken);
        if (SquareOrderMapper.IsReturnOrder(order))
        {
            if (order.State == SquareOrderState.Completed && (order.Refunds ?? []).All(r => r.Status == SquarePaymentRefundStatus.Completed))
            {
                return await SyncReturnOrderAsync(order, null, cancellationToken);
            }

            LogReturnNotSettled(logger, orderId);
            return [];
        }

        if (!SquareOrderMapper.IsSaleToSync(order, _rules))
        {
            LogNotASale(logger, orderId, order.State ?? "(none)");
            return [];
        }

        return [await dispatcher.DispatchOrderAsync(await SaleDispatchAsync(order, cancellationToken), cancellationToken)];
    }

    /// <summary>
    /// Sends the returns of a refund's return order once the refund has completed: one Leat return per
    /// <c>returns[]</c> entry, its sale first if that never reached Leat; unlinked returns are recorded as skipped.
    /// </summary>
    public async Task<IReadOnlyList<DispatchResult>> SyncRefundAsync(string refundId, CancellationToken cancellationToken)
    {
        var refund = await square.GetPaymentRefundAsync(refundId, cancellationToken);
        if (refund.Status != SquarePaymentRefundStatus.Completed)
        {
            // refund.updated (or the next poll) brings it back when it completes; a failed refund returned nothing.
            LogRefundNotCompleted(logger, refundId, refund.Status ?? "(none)");
            return [];
        }

        if (string.IsNullOrEmpty(refund.OrderId))
        {
            return [await dispatcher.RecordSkippedAsync("return", $"square:refund:{refundId}", Platform, refundId,
                $"Square refund {refundId} is not linked to an order; nothing to send to Leat.", cancellationToken)];
        }

        // PaymentRefund.order_id is the return order, not the sale.
        return await SyncReturnOrderAsync(await square.RetrieveOrderAsync(refund.OrderId, cancellationToken), refundId, cancellationToken);
    }

    private async Task<IReadOnlyList<DispatchResult>> SyncReturnOrderAsync(SquareOrder returnOrder, string? refundId, CancellationToken cancellationToken)
    {
        var saleIds = (returnOrder.Returns ?? []).Select(r => r.SourceOrderId).OfType<string>().Where(id => id.Length > 0).Distinct().ToList();
        var sales = saleIds.Count == 0 ? [] : await square.BatchRetrieveOrdersAsync(null, saleIds, cancellationToken);
        var saleById = sales.Where(s => s.Id is not null).ToDictionary(s => s.Id!);

        // The refund that brought us here, and those the order lists (whose ids Square does not promise to be the same).
        List<string> refundIds = [.. (returnOrder.Refunds ?? []).Select(r => r.Id).Append(refundId).OfType<string>().Where(id => id.Length > 0).Distinct()];
        var results = new List<DispatchResult>();
        foreach (var mapping in SquareOrderMapper.MapReturns(returnOrder, id => saleById.GetValueOrDefault(id), _rules))
        {
            if (mapping.IsSkipped)
            {
                var id = SquareIds.Return(mapping.ReturnOrderId, mapping.ReturnUid, mapping.SaleOrderId ?? "unlinked");
                results.Add(await dispatcher.RecordSkippedAsync("return", id, Platform, mapping.ReturnOrderId, mapping.SkipReason!, cancellationToken));
                continue;
            }

            var saleId = mapping.SaleOrderId!;
            results.Add(await dispatcher.DispatchReturnAsync(new ReturnDispatch
            {
                Platform = Platform,
                SourceId = mapping.ReturnOrderId,
                // Ops search by the refund they see in Square's dashboard, not the return order behind it.
                AlsoKnownAs = refundIds,
                Return = mapping.Return!,
                // An amount-only part is spread again by the dispatcher, under the ledger's lock, over what remains.
                SpreadAmount = mapping.SpreadAmount,
                Itemized = mapping.Itemized,
                SpreadOver = mapping.SpreadOver,
                BuildOrder = ct => saleById.TryGetValue(saleId, out var sale)
                    ? SaleDispatchAsync(sale, ct)
                    : throw new SquareSyncException($"Square sale {saleId} returned by order {mapping.ReturnOrderId} could not be fetched."),
            }, cancellationToken));
        }

        if (SquareOrderMapper.IsExchange(returnOrder) && SquareOrderMapper.IsSaleToSync(returnOrder, _rules))
        {
            results.Add(await dispatcher.DispatchOrderAsync(await SaleDispatchAsync(returnOrder, cancellationToken), cancellationToken));
        }

        return results;
    }

    private async Task<OrderDispatch> SaleDispatchAsync(SquareOrder order, CancellationToken cancellationToken)
    {
        var locationId = order.LocationId ?? throw new SquareSyncException($"Square order {order.Id} has no location_id.");
        return new OrderDispatch
        {
            Platform = Platform,
            SourceId = order.Id!,
            Order = SquareOrderMapper.MapSale(order, mappings.ResolveShop(Platform, locationId), _rules),
            CustomerEmail = await CustomerEmailAsync(order, cancellationToken),
        };
    }

    /// <summary>The buyer's email: the order's customer, else the first tender's (POS sales often link only the tender).</summary>
    private async Task<string?> CustomerEmailAsync(SquareOrder order, CancellationToken cancellationToken)
    {
        var customerId = order.CustomerId ?? order.Tenders?.Select(t => t.CustomerId).FirstOrDefault(id => !string.IsNullOrEmpty(id));
        if (string.IsNullOrEmpty(customerId))
        {
            return null;
        }

        var customer = await square.RetrieveCustomerAsync(customerId, cancellationToken);
        return string.IsNullOrWhiteSpace(customer?.EmailAddress) ? null : customer.EmailAddress;
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Debug, Message = "Square order {OrderId} is not a sale to sync (state {State})")]
    private static partial void LogNotASale(ILogger logger, string orderId, string state);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Square return order {OrderId} is not settled yet (open, or a refund pending); its returns go when it is")]
    private static partial void LogReturnNotSettled(ILogger logger, string orderId);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "Square refund {RefundId} is {Status}; its returns are sent once it completes")]
    private static partial void LogRefundNotCompleted(ILogger logger, string refundId, string status);
}
