using System.Text.Json;
using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Leat.Dispatch;
using Connector.Leat.Model;
using Connector.Platforms.NewStore.Client;
using Connector.Platforms.NewStore.Jobs;
using Connector.Platforms.NewStore.Mapping;
using Connector.Platforms.NewStore.Model;
using Microsoft.Extensions.Logging;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>
/// Turns the stored events of one NewStore order into Leat dispatches. Events carry full documents, so the job works
/// from what is stored (and asks NewStore only for an order it never received). Every run handles all of the order's
/// stored events, in one job per order at a time: first the sale (without the units cancelled before it reached Leat),
/// then each cancellation, return and appeasement against the sale as it was sent. The dispatcher's ledger makes a
/// repeat of anything already done a no-op, so an event delivered three times or out of order ends in one Leat effect.
/// </summary>
public sealed partial class NewStoreSync(
    NewStoreState state, INewStoreClient newStore, LeatDispatcher dispatcher, PlatformMappings mappings, NewStoreMappingRules rules, ILogger<NewStoreSync> logger)
{
    public const string Platform = "newstore";

    /// <summary>Syncs order <paramref name="orderId"/>: its sale, then its follow-ups. A failing follow-up does not stop the others; the job fails after them with every reason.</summary>
    public async Task SyncOrderAsync(string orderId, CancellationToken cancellationToken)
    {
        var events = await state.EventsAsync(NewStoreJobKinds.Order(orderId).Key, cancellationToken);
        var (document, cancelled) = await state.GetAsync(orderId, cancellationToken);

        // The latest order document wins: NewStore publishes order.created and order.opened with the same document.
        var received = events.Where(e => NewStoreEventNames.IsSale(e.Event.Name))
            .OrderBy(e => e.Event.PublishedAt ?? e.ReceivedAt).ThenBy(e => e.ReceivedAt).LastOrDefault();
        if (received is not null)
        {
            var latest = NewStoreEventMapper.Read(received.Event.Payload, NewStoreJsonContext.Default.NewStoreOrder, received.Event.Name);
            if (document is null || JsonSerializer.Serialize(latest, NewStoreJsonContext.Default.NewStoreOrder) != JsonSerializer.Serialize(document, NewStoreJsonContext.Default.NewStoreOrder))
            {
                await state.SaveDocumentAsync(latest, cancellationToken);
            }

            document = latest;
        }

        // In NewStore's order, not arrival order: each follow-up's amounts are NewStore's after the ones before it (an
        // appeasement after a cancellation went to the units still open), so the dispatcher must see them in that order.
        var followUps = events.Where(e => !NewStoreEventNames.IsSale(e.Event.Name))
            .OrderBy(e => e.Event.PublishedAt ?? e.ReceivedAt).ThenBy(e => e.ReceivedAt).ToList();
        var newlyCancelled = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in followUps.Where(e => NewStoreEventNames.IsCancellation(e.Event.Name)))
        {
            var cancellation = NewStoreEventMapper.Read(e.Event.Payload, NewStoreJsonContext.Default.NewStoreCancellation, e.Event.Name);
            newlyCancelled.UnionWith(NewStoreEventMapper.CancelledItemIds(e.Event.Name, cancellation, document).Where(id => !cancelled.Contains(id)));
        }

        if (newlyCancelled.Count > 0)
        {
            // Recorded before the sale is sent, so a sale sent now or later leaves these units out.
            await state.AddCancelledAsync(orderId, newlyCancelled, cancellationToken);
            cancelled = cancelled.Union(newlyCancelled, StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        }

        var saleId = NewStoreIds.Order(orderId);
        var sale = await dispatcher.FindOrderAsync(saleId, cancellationToken);
        if (sale.Status is not ("succeeded" or "skipped"))
        {
            if (document is null && followUps.Any(e => !NewStoreEventNames.IsCancellation(e.Event.Name)))
            {
                // A return or appeasement came first: fetch the order (GraphQL lags the stream; null means "not yet").
                document = await newStore.GetOrderAsync(orderId, cancellationToken) ?? throw new NewStoreOrderNotYetException(orderId);
                await state.SaveDocumentAsync(document, cancellationToken);
                LogFetchedOrder(logger, orderId);
            }

            if (document is null)
            {
                // Only cancellations so far: they are recorded; the sale will be sent without those units when it arrives.
                LogWaitingForSale(logger, orderId, followUps.Count);
                return;
            }

            await SendSaleAsync(document, cancelled, cancellationToken);
            sale = await dispatcher.FindOrderAsync(saleId, cancellationToken);
        }

        var failures = new List<Exception>();
        foreach (var e in followUps)
        {
            try
            {
                await FollowUpAsync(e, sale.Sent, sale.Status == "skipped" ? sale.SkipReason : null, document, cancellationToken);
            }
            catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogFollowUpFailed(logger, error, e.EventId, orderId);
                failures.Add(NewStoreJobFailure.ToJobException(error) ?? error);
            }
        }

        if (failures.Count == 0)
        {
            return;
        }

        // Every permanent reason in one message (the job is replayable once they are fixed); otherwise retry the first transient one.
        var permanent = failures.OfType<PermanentJobFailureException>().ToList();
        if (permanent.Count > 0 && permanent.Count == failures.Count)
        {
            throw permanent.Count == 1 ? permanent[0] : new PermanentJobFailureException(string.Join(" | ", permanent.Select(p => p.Message)), new AggregateException(permanent));
        }

        throw failures.First(f => f is not PermanentJobFailureException);
    }

    /// <summary>Records every stored blind return (no order) under <paramref name="returnId"/> as skipped, with the reason.</summary>
    public async Task SyncBlindReturnAsync(string returnId, CancellationToken cancellationToken)
    {
        foreach (var e in await state.EventsAsync(NewStoreJobKinds.BlindReturn(returnId).Key, cancellationToken))
        {
            var mapping = NewStoreEventMapper.Map(e.Event.Name, e.Event.Payload, null, null, rules);
            await dispatcher.RecordSkippedAsync("return", mapping.ExternalId, Platform, returnId, mapping.SkipReason ?? "Blind return: nothing to return.", cancellationToken);
        }
    }

    private async Task SendSaleAsync(NewStoreOrder document, IReadOnlySet<string> cancelled, CancellationToken cancellationToken)
    {
        var externalId = NewStoreIds.Order(document.Id);
        if (NewStoreMapper.SkipReasonOf(document, rules) is { } reason)
        {
            await dispatcher.RecordSkippedAsync("order", externalId, Platform, document.Id, reason, cancellationToken);
            return;
        }

        var location = string.IsNullOrWhiteSpace(document.DemandLocationId)
            ? throw new NewStoreMappingException($"NewStore order {document.Id} has no demand_location_id, so its Leat business profile is unknown.")
            : document.DemandLocationId;
        var mapping = NewStoreMapper.MapSale(document, mappings.ResolveShop(Platform, location), rules, cancelled);
        if (mapping.Sale is null)
        {
            await dispatcher.RecordSkippedAsync("order", externalId, Platform, document.Id, mapping.SkipReason!, cancellationToken);
            return;
        }

        await dispatcher.DispatchOrderAsync(new OrderDispatch
        {
            Platform = Platform,
            SourceId = document.Id,
            // Ops search by the order number NewStore Omnichannel Manager shows.
            AlsoKnownAs = string.IsNullOrEmpty(document.ExternalId) ? [] : [document.ExternalId],
            Order = mapping.Sale,
            // Anonymous POS sales send an empty email: the dispatcher's missing-email policy decides.
            CustomerEmail = string.IsNullOrWhiteSpace(document.CustomerEmail) ? null : document.CustomerEmail,
        }, cancellationToken);
    }

    private async Task FollowUpAsync(NewStoreStoredEvent stored, LeatOrderRequest? sent, string? saleSkipReason, NewStoreOrder? document, CancellationToken cancellationToken)
    {
        var evt = stored.Event;
        var mapping = NewStoreEventMapper.Map(evt.Name, evt.Payload, sent, document, rules);
        var sourceId = SourceIdOf(evt);
        if (mapping.Return is null)
        {
            var reason = saleSkipReason is null ? mapping.SkipReason! : $"{mapping.SkipReason} Its order was skipped: {saleSkipReason}";
            await dispatcher.RecordSkippedAsync("return", mapping.ExternalId, Platform, sourceId, reason, cancellationToken);
            return;
        }

        var result = await dispatcher.DispatchReturnAsync(new ReturnDispatch
        {
            Platform = Platform,
            SourceId = sourceId,
            Return = mapping.Return,
            SpreadAmount = mapping.SpreadAmount,
            SpreadOver = mapping.SpreadAmount > 0 && sent is not null ? NewStoreMapper.AppeasementSpreadOver(sent) : null,
        }, cancellationToken);
        LogFollowUp(logger, evt.Name, mapping.ExternalId, result.Outcome.ToString());
    }

    private static string SourceIdOf(NewStoreEvent evt) =>
        evt.Payload.ValueKind == JsonValueKind.Object && evt.Payload.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString()! : evt.Name;

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "NewStore order {OrderId} fetched from NewStore: a return or appeasement arrived before its order.opened")]
    private static partial void LogFetchedOrder(ILogger logger, string orderId);

    [LoggerMessage(EventId = 4201, Level = LogLevel.Debug, Message = "NewStore order {OrderId}: {Count} cancellation(s) recorded; the sale has not arrived yet and will be sent without those units")]
    private static partial void LogWaitingForSale(ILogger logger, string orderId, int count);

    [LoggerMessage(EventId = 4202, Level = LogLevel.Warning, Message = "NewStore event {EventId} of order {OrderId} failed; the order's other events go on")]
    private static partial void LogFollowUpFailed(ILogger logger, Exception error, string eventId, string orderId);

    [LoggerMessage(EventId = 4203, Level = LogLevel.Debug, Message = "NewStore {EventName} → {ExternalId}: {Outcome}")]
    private static partial void LogFollowUp(ILogger logger, string eventName, string externalId, string outcome);
}
