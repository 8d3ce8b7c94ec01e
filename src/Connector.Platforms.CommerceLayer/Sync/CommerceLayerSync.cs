using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Leat.Dispatch;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Jobs;
using Connector.Platforms.CommerceLayer.Mapping;
using Connector.Platforms.CommerceLayer.Model;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.CommerceLayer.Sync;

/// <summary>
/// Turns "something changed in Commerce Layer" into Leat dispatches. One job per order: it fetches the order as it is
/// now, with its returns and refunds, sends the sale once it reached the trigger (first, so nothing is ever returned
/// before it was sold), then each return, each refund made without a return and, for a cancelled order, everything
/// that remains — and lets the dispatcher decide what still needs sending. So a webhook delivered three times, out of
/// order, or overlapping a poll ends in one Leat call per sale and return.
/// </summary>
public sealed partial class CommerceLayerSync(
    ICommerceLayerClient commerceLayer,
    LeatDispatcher dispatcher,
    JobIntake intake,
    PlatformMappings mappings,
    CommerceLayerMappingRules rules,
    ILogger<CommerceLayerSync> logger)
{
    public const string Platform = CommerceLayerPlatformName.Value;

    /// <summary>Syncs order <paramref name="orderId"/> and everything that happened to it.</summary>
    public async Task SyncOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var order = await commerceLayer.GetOrderAsync(orderId, cancellationToken);
        if (order is null)
        {
            LogOrderGone(logger, orderId);
            return;
        }

        var saleId = CommerceLayerIds.Order(order.Id);
        var sale = await dispatcher.FindOrderAsync(saleId, cancellationToken);
        var cancelled = order.Status == CommerceLayerStatuses.Cancelled;
        if (!CommerceLayerMapper.HasReachedOrderTrigger(order, rules))
        {
            if (cancelled && sale.Status is null)
            {
                await dispatcher.RecordSkippedAsync("order", saleId, Platform, order.Id,
                    $"Commerce Layer order {order.Id} was cancelled before it reached {rules.OrderTrigger.ToString().ToLowerInvariant()}; it earned no points, so nothing is sent.", cancellationToken);
                return;
            }

            LogNotYet(logger, order.Id, order.Status ?? "(none)", order.PaymentStatus ?? "(none)");
            return;
        }

        if (cancelled && sale.Status is null)
        {
            // Cancelled (or fully refunded) before the connector sent it: it never earned points in Leat.
            await dispatcher.RecordSkippedAsync("order", saleId, Platform, order.Id,
                $"Commerce Layer order {order.Id} was cancelled before it reached Leat; nothing is sent.", cancellationToken);
            return;
        }

        if (!cancelled || sale.Status is not ("succeeded" or "skipped"))
        {
            // Sent once; asked again it costs a ledger read, and an order edited after it was sent is recorded as drift.
            var result = await dispatcher.DispatchOrderAsync(SaleDispatch(order), cancellationToken);
            if (result.Drift)
            {
                LogDrift(logger, order.Id);
            }

            sale = await dispatcher.FindOrderAsync(saleId, cancellationToken);
        }

        var failures = new List<Exception>();
        foreach (var part in FollowUps(order, sale))
        {
            try
            {
                await part(cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFollowUpFailed(logger, error, order.Id);
                failures.Add(CommerceLayerJobFailure.ToJobException(error) ?? error);
            }
        }

        if (failures.Count == 0)
        {
            return;
        }

        // Every permanent reason in one message (replayable once fixed); otherwise retry on the first transient one.
        var permanent = failures.OfType<PermanentJobFailureException>().ToList();
        if (permanent.Count == failures.Count)
        {
            throw permanent.Count == 1 ? permanent[0] : new PermanentJobFailureException(string.Join(" | ", permanent.Select(p => p.Message)), new AggregateException(permanent));
        }

        throw failures.First(f => f is not PermanentJobFailureException);
    }

    /// <summary>A return whose event did not name its order: finds the order and requests its sync.</summary>
    public async Task SyncReturnAsync(string returnId, CancellationToken cancellationToken)
    {
        var returned = await commerceLayer.GetReturnAsync(returnId, cancellationToken);
        await RequestOrderAsync(returned?.OrderId, $"return {returnId}", returned is null, cancellationToken);
    }

    /// <summary>A refund whose event did not name its order: finds the order and requests its sync.</summary>
    public async Task SyncRefundAsync(string refundId, CancellationToken cancellationToken)
    {
        var refund = await commerceLayer.GetRefundAsync(refundId, cancellationToken);
        await RequestOrderAsync(refund?.OrderId, $"refund {refundId}", refund is null, cancellationToken);
    }

    private async Task RequestOrderAsync(string? orderId, string what, bool gone, CancellationToken cancellationToken)
    {
        if (gone)
        {
            LogGone(logger, what);
            return;
        }

        if (orderId is null)
        {
            throw new PermanentJobFailureException($"Commerce Layer {what} names no order, so there is no sale to correct in Leat.");
        }

        await intake.RequestAsync(CommerceLayerJobKinds.Order(orderId), cancellationToken);
    }

    private IEnumerable<Func<CancellationToken, Task>> FollowUps(CommerceLayerOrder order, SentOrder sale)
    {
        foreach (var returned in order.Returns.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            yield return ct => FollowUpAsync(order, sale, returned.Id, sent => CommerceLayerMapper.MapReturn(returned, order, sent, rules), returned.Number, ct);
        }

        foreach (var refund in order.Refunds.OrderBy(r => r.CreatedAt).ThenBy(r => r.Id, StringComparer.Ordinal))
        {
            yield return ct => FollowUpAsync(order, sale, refund.Id, sent => CommerceLayerMapper.MapRefund(refund, order, sent, rules), refund.Number, ct);
        }

        if (order.Status == CommerceLayerStatuses.Cancelled)
        {
            yield return ct => FollowUpAsync(order, sale, order.Id, sent => CommerceLayerMapper.MapCancellation(order, sent), order.Number, ct);
        }
    }

    private async Task FollowUpAsync(CommerceLayerOrder order, SentOrder sale, string sourceId, Func<Leat.Model.LeatOrderRequest, CommerceLayerReturnMapping> map, string? number, CancellationToken cancellationToken)
    {
        if (sale.IsSkipped || sale.Sent is null)
        {
            // Mapped against nothing: a skipped sale has no lines; record the follow-up with the sale's reason once it is due.
            var id = map(EmptySale(order)) is { Action: not CommerceLayerReturnAction.Wait } m ? m.ExternalId : null;
            if (id is not null)
            {
                await dispatcher.RecordSkippedAsync("return", id, Platform, sourceId, $"Its order {CommerceLayerIds.Order(order.Id)} was not sent to Leat: {sale.SkipReason ?? sale.Status ?? "unknown"}.", cancellationToken);
            }

            return;
        }

        var mapping = map(sale.Sent);
        switch (mapping.Action)
        {
            case CommerceLayerReturnAction.Wait:
                LogWaiting(logger, mapping.ExternalId, mapping.Reason!);
                return;
            case CommerceLayerReturnAction.Skip:
                await dispatcher.RecordSkippedAsync("return", mapping.ExternalId, Platform, sourceId, mapping.Reason!, cancellationToken);
                return;
        }

        var result = await dispatcher.DispatchReturnAsync(new ReturnDispatch
        {
            Platform = Platform,
            SourceId = sourceId,
            AlsoKnownAs = number is null ? [] : [number],
            Return = mapping.Return!,
            SpreadAmount = mapping.SpreadAmount,
            SpreadOver = mapping.SpreadAmount > 0 ? CommerceLayerMapper.SpreadOver(sale.Sent) : null,
            BuildOrder = _ => Task.FromResult(SaleDispatch(order)),
        }, cancellationToken);
        LogFollowUp(logger, mapping.ExternalId, result.Outcome.ToString());
    }

    private static Leat.Model.LeatOrderRequest EmptySale(CommerceLayerOrder order) => new()
    {
        ExternalIdentifier = CommerceLayerIds.Order(order.Id),
        Status = Leat.Model.LeatOrderStatus.Completed,
        PaymentStatus = Leat.Model.LeatPaymentStatus.Paid,
        TotalOrderAmount = 0,
        Contact = new Leat.Model.LeatUuidRef(string.Empty),
        BusinessProfile = new Leat.Model.LeatUuidRef(string.Empty),
        LineItems = [],
    };

    private OrderDispatch SaleDispatch(CommerceLayerOrder order)
    {
        var mapping = CommerceLayerMapper.MapSale(order, CommerceLayerMapper.ResolveShop(order, mappings), rules);
        return new OrderDispatch
        {
            Platform = Platform,
            SourceId = order.Id,
            // Ops search by the order number the Commerce Layer dashboard shows.
            AlsoKnownAs = order.Number is { } number ? [number] : [],
            Order = mapping.Sale ?? throw new PermanentJobFailureException(mapping.SkipReason!),
            CustomerEmail = string.IsNullOrWhiteSpace(order.CustomerEmail) ? order.CustomerAccountEmail : order.CustomerEmail,
        };
    }

    [LoggerMessage(EventId = 4410, Level = LogLevel.Information, Message = "Commerce Layer order {OrderId} no longer exists (404); nothing to sync")]
    private static partial void LogOrderGone(ILogger logger, string orderId);

    [LoggerMessage(EventId = 4411, Level = LogLevel.Debug, Message = "Commerce Layer order {OrderId} has not reached the sale trigger (status {Status}, payment {PaymentStatus}); it is synced when it does")]
    private static partial void LogNotYet(ILogger logger, string orderId, string status, string paymentStatus);

    [LoggerMessage(EventId = 4412, Level = LogLevel.Warning, Message = "Commerce Layer order {OrderId} changed after it was sent to Leat (edited); recorded as drift on the ledger, not resent")]
    private static partial void LogDrift(ILogger logger, string orderId);

    [LoggerMessage(EventId = 4413, Level = LogLevel.Warning, Message = "A return, refund or cancellation of Commerce Layer order {OrderId} failed; the order's other parts go on")]
    private static partial void LogFollowUpFailed(ILogger logger, Exception error, string orderId);

    [LoggerMessage(EventId = 4414, Level = LogLevel.Debug, Message = "{ExternalId} waits: {Reason}")]
    private static partial void LogWaiting(ILogger logger, string externalId, string reason);

    [LoggerMessage(EventId = 4415, Level = LogLevel.Debug, Message = "{ExternalId}: {Outcome}")]
    private static partial void LogFollowUp(ILogger logger, string externalId, string outcome);

    [LoggerMessage(EventId = 4416, Level = LogLevel.Information, Message = "Commerce Layer {What} no longer exists (404); nothing to sync")]
    private static partial void LogGone(ILogger logger, string what);
}
