using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Connector.Leat.Balance;
using Connector.Leat.Client;
using Connector.Leat.Contacts;
using Connector.Leat.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Leat.Dispatch;

/// <summary>
/// Sends orders and order returns to Leat with one Leat effect per external identifier, whatever the
/// delivery: the same key dispatched twice at once, again after a crash, or by a webhook and a poll.
/// <list type="bullet">
/// <item>The ledger row's unique key plus a claim decide which caller may call Leat; the others get
/// <see cref="DispatchInProgressException"/> (transient, not an attempt) and later find the key succeeded. A claim
/// is held by this process's <see cref="DispatchOwner"/> and is taken over once that owner is known dead (its
/// heartbeat row is gone or stale), and at the latest at the claim's deadline.</item>
/// <item>A claim taken after an earlier attempt (timeout, crash after the request was sent) first asks Leat:
/// orders by <c>find</c>; returns, which Leat cannot find, by treating Leat's duplicate-identifier rejection
/// as "already done".</item>
/// <item>Returns are capped, under a row lock, at what remains returnable across all returns of the order.</item>
/// <item>No database connection is held while Leat is called.</item>
/// </list>
/// </summary>
public sealed partial class LeatDispatcher(
    NpgsqlDataSource dataSource,
    ILeatClient leat,
    LeatContactDirectory contacts,
    IOptions<DispatchOptions> options,
    DispatchOwner owner,
    TimeProvider clock,
    ILogger<LeatDispatcher> logger)
{
    private readonly DispatchLedger _ledger = new(dataSource, clock, owner, options.Value.OwnerTimeout);
    private readonly DispatchOptions _options = options.Value;

    /// <summary>Sends <paramref name="dispatch"/> to Leat's orders create-and-process unless its key already took effect.</summary>
    /// <exception cref="LeatApiException">Leat refused (permanent) or could not be reached (transient).</exception>
    /// <exception cref="UnbalancedPayloadException">The payload does not add up; nothing was sent.</exception>
    /// <exception cref="DispatchInProgressException">Another worker is sending this key right now.</exception>
    public async Task<DispatchResult> DispatchOrderAsync(OrderDispatch dispatch, CancellationToken cancellationToken)
    {
        var externalId = dispatch.Order.ExternalIdentifier;
        var requested = Serialize(dispatch.Order);
        var requestedHash = Hash(requested, dispatch.CustomerEmail is null ? null : LeatContactDirectory.Normalise(dispatch.CustomerEmail));

        // The contact comes first so the payload stored with the claim is exactly what will be sent; for a key
        // that already succeeded this costs one cached lookup.
        var contactUuid = await ResolveContactAsync(dispatch, cancellationToken);
        var order = contactUuid is null ? dispatch.Order : dispatch.Order with { Contact = new LeatUuidRef(contactUuid) };
        var payload = Serialize(order);

        LedgerClaim? claim;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            claim = await _ledger.ClaimAsync(connection, null, DispatchLedger.Order, externalId, dispatch.Platform, dispatch.SourceId, dispatch.AlsoKnownAs, null,
                requestedHash, payload, Hash(payload, null), _options.ClaimTimeout, cancellationToken);
        }

        if (claim is null)
        {
            return await NotClaimedAsync(DispatchLedger.Order, externalId, requestedHash, requested, cancellationToken);
        }

        try
        {
            if (contactUuid is null)
            {
                var reason = $"Order {externalId} has no customer email and the missing-email policy is Skip.";
                await SkipClaimAsync(DispatchLedger.Order, externalId, claim.Token, reason, cancellationToken);
                LogSkipped(logger, DispatchLedger.Order, externalId, reason);
                return new DispatchResult(DispatchLedger.Order, externalId, DispatchOutcome.Skipped, Reason: reason);
            }

            LeatPayloadBalance.EnsureBalanced(order);
            var sold = ReturnAllowance.PartsOf(order);
            if (claim.Attempts > 1)
            {
                // An earlier attempt may have reached Leat before it failed or its worker died: look before creating.
                var existing = await leat.FindOrderAsync(externalId, cancellationToken);
                if (existing is not null)
                {
                    return await FoundAsync(externalId, claim, existing.Uuid, "found_in_leat", sold, cancellationToken);
                }
            }

            LeatOrderOutcome outcome;
            try
            {
                outcome = await leat.CreateAndProcessOrderAsync(order, cancellationToken);
            }
            catch (LeatApiException e) when (e.IsDuplicateExternalIdentifier)
            {
                var existing = await leat.FindOrderAsync(externalId, cancellationToken);
                return await FoundAsync(externalId, claim, existing?.Uuid, "duplicate_rejected", sold, cancellationToken);
            }

            await SucceedAsync(DispatchLedger.Order, externalId, claim, outcome.Order.Uuid, outcome.Result, null, sold, cancellationToken);
            return new DispatchResult(DispatchLedger.Order, externalId, DispatchOutcome.Sent, outcome.Order.Uuid, outcome.Result?.Data?.Points, outcome.Result?.Data?.NewBalance);
        }
        catch (Exception e)
        {
            await EndFailedClaimAsync(DispatchLedger.Order, externalId, claim, e, releaseReservation: false);
            throw;
        }
    }

    /// <summary>
    /// Sends <paramref name="dispatch"/> to Leat's order-returns create-and-process, capped at what remains
    /// returnable, after dispatching its order first when the order has not reached Leat.
    /// </summary>
    /// <exception cref="OrderNotInLeatException">The order is not in Leat and no way to build it was given.</exception>
    public async Task<DispatchResult> DispatchReturnAsync(ReturnDispatch dispatch, CancellationToken cancellationToken)
    {
        var request = dispatch.Return;
        var externalId = request.ExternalIdentifier;
        var orderId = request.Order.ExternalIdentifier
            ?? throw new DispatchRejectedException($"Return {externalId} must reference its order by external_identifier.");
        var requested = Serialize(request);
        var requestedHash = Hash(requested, null);

        var (claim, capped, rejected, orderMissing) = await ClaimAndReserveAsync(dispatch, orderId, requestedHash, orderEnsured: false, cancellationToken);
        if (orderMissing)
        {
            // The order is not in Leat yet, and it must be before its return: the claim was given back (rolled
            // back) rather than held while the order is sent; send the order, then claim again.
            if (dispatch.BuildOrder is null)
            {
                throw new OrderNotInLeatException(orderId, TimeSpan.FromMinutes(1));
            }

            var orderResult = await DispatchOrderAsync(await dispatch.BuildOrder(cancellationToken), cancellationToken);
            if (orderResult.Outcome == DispatchOutcome.Skipped)
            {
                return await SkipUnclaimedAsync(DispatchLedger.Return, externalId, dispatch.Platform, dispatch.SourceId, dispatch.AlsoKnownAs, orderId, requestedHash, $"Its order {orderId} was skipped: {orderResult.Reason}", cancellationToken);
            }

            (claim, capped, rejected, _) = await ClaimAndReserveAsync(dispatch, orderId, requestedHash, orderEnsured: true, cancellationToken);
        }

        if (claim is null)
        {
            return await NotClaimedAsync(DispatchLedger.Return, externalId, requestedHash, requested, cancellationToken);
        }

        if (rejected is not null)
        {
            await EndFailedClaimAsync(DispatchLedger.Return, externalId, claim, rejected, releaseReservation: false);
            throw rejected;
        }

        if (capped is { IsEmpty: true })
        {
            var reason = dispatch.SpreadAmount > 0
                ? $"Nothing left to return: order {orderId} has already been returned in full, so the refunded amount has no part left to go to."
                : $"Nothing left to return: order {orderId} has already been returned in full for every part this return names.";
            await SkipClaimAsync(DispatchLedger.Return, externalId, claim.Token, reason, cancellationToken);
            LogSkipped(logger, DispatchLedger.Return, externalId, reason);
            return new DispatchResult(DispatchLedger.Return, externalId, DispatchOutcome.Skipped, Reason: reason, Caps: capped.Caps);
        }

        var toSend = capped?.Request ?? Deserialize(claim.StoredPayload!);
        var caps = capped?.Caps ?? [];
        foreach (var cap in caps)
        {
            LogCapped(logger, externalId, cap.Part, cap.ExternalIdentifier, cap.RequestedQuantity, cap.SentQuantity, cap.RequestedAmount, cap.SentAmount);
        }

        try
        {
            LeatReturnOutcome outcome;
            try
            {
                outcome = await leat.CreateAndProcessReturnAsync(toSend, cancellationToken);
            }
            catch (LeatApiException e) when (e.IsDuplicateExternalIdentifier)
            {
                // Leat has no find for returns: its duplicate rejection is the proof an earlier attempt landed.
                await SucceedAsync(DispatchLedger.Return, externalId, claim, null, null, "duplicate_rejected", null, cancellationToken);
                return new DispatchResult(DispatchLedger.Return, externalId, DispatchOutcome.DuplicateAccepted, Caps: caps);
            }

            await SucceedAsync(DispatchLedger.Return, externalId, claim, outcome.Return.Uuid, outcome.Result, null, null, cancellationToken);
            return new DispatchResult(DispatchLedger.Return, externalId, DispatchOutcome.Sent, outcome.Return.Uuid, outcome.Result?.Data?.Points, outcome.Result?.Data?.NewBalance, Caps: caps);
        }
        catch (Exception e)
        {
            await EndFailedClaimAsync(DispatchLedger.Return, externalId, claim, e, releaseReservation: true);
            throw;
        }
    }

    /// <summary>
    /// Claims a return and, on a first claim, caps it against what remains and reserves that, in one transaction
    /// of three round trips (claim batch, reservation, commit). When its order has not succeeded and
    /// <paramref name="orderEnsured"/> is false, rolls the claim back and says the order is missing, so the caller
    /// sends the order first without holding a connection or a claim.
    /// </summary>
    private async Task<(LedgerClaim? Claim, CappedReturn? Capped, Exception? Rejected, bool OrderMissing)> ClaimAndReserveAsync(
        ReturnDispatch dispatch, string orderId, string requestedHash, bool orderEnsured, CancellationToken cancellationToken)
    {
        var request = dispatch.Return;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (claim, orderStatus, parts) = await _ledger.ClaimReturnAsync(connection, transaction, request.ExternalIdentifier, dispatch.Platform,
            dispatch.SourceId, dispatch.AlsoKnownAs, orderId, requestedHash, _options.ClaimTimeout, cancellationToken);
        if (claim is not null && orderStatus != "succeeded" && !orderEnsured)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (null, null, null, OrderMissing: true);
        }

        CappedReturn? capped = null;
        Exception? rejected = null;
        if (claim is not null && claim.StoredPayload is null)
        {
            // First claim: cap against what remains and reserve it, under the order's row locks, in the claim's
            // transaction. A retry after a transient failure reuses the stored, reserved payload.
            try
            {
                capped = ReturnAllowance.Cap(dispatch, parts);
                if (!capped.IsEmpty)
                {
                    LeatPayloadBalance.EnsureBalanced(capped.Request);
                }
            }
            catch (Exception e) when (e is DispatchRejectedException or UnbalancedPayloadException)
            {
                rejected = e;
            }

            if (rejected is null && capped is { IsEmpty: false })
            {
                var payload = Serialize(capped.Request);
                await _ledger.ReserveAsync(connection, transaction, request.ExternalIdentifier, claim.Token, orderId, capped, payload, Hash(payload, null), cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return (claim, capped, rejected, OrderMissing: false);
    }

    /// <summary>
    /// What the ledger holds of order <paramref name="externalId"/>: its status (null when it was never asked for), the
    /// payload as sent once it succeeded, and the reason when it was skipped. Returns, cancellations and spreads are
    /// mapped against the sale as sent, so they only ever name lines and charges Leat has.
    /// </summary>
    public async Task<SentOrder> FindOrderAsync(string externalId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(externalId);
        await using var command = dataSource.CreateCommand("SELECT status, payload::text, skip_reason FROM leat.dispatch WHERE kind = 'order' AND external_id = @external_id");
        command.Parameters.AddWithValue("external_id", externalId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return new SentOrder(null, null, null);
        }

        var status = reader.GetString(0);
        return new SentOrder(status, status == "succeeded" && !reader.IsDBNull(1) ? JsonSerializer.Deserialize(reader.GetString(1), LeatJsonContext.Default.LeatOrderRequest) : null, reader.IsDBNull(2) ? null : reader.GetString(2));
    }

    /// <summary>Records a key that will never be sent (e.g. a refund linked to no sale), so ops can see why.</summary>
    public Task<DispatchResult> RecordSkippedAsync(string kind, string externalId, string platform, string sourceId, string reason, CancellationToken cancellationToken) =>
        SkipUnclaimedAsync(kind, externalId, platform, sourceId, [], null, "skipped", reason, cancellationToken);

    private async Task<DispatchResult> SkipUnclaimedAsync(string kind, string externalId, string platform, string sourceId, IReadOnlyList<string> alsoKnownAs, string? orderId, string requestedHash, string reason, CancellationToken cancellationToken)
    {
        LedgerClaim? claim;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            claim = await _ledger.ClaimAsync(connection, null, kind, externalId, platform, sourceId, alsoKnownAs, orderId, requestedHash, null, null, _options.ClaimTimeout, cancellationToken);
        }

        if (claim is null)
        {
            return await NotClaimedAsync(kind, externalId, requestedHash, "{}", cancellationToken);
        }

        await SkipClaimAsync(kind, externalId, claim.Token, reason, cancellationToken);
        LogSkipped(logger, kind, externalId, reason);
        return new DispatchResult(kind, externalId, DispatchOutcome.Skipped, Reason: reason);
    }

    private async Task<DispatchResult> NotClaimedAsync(string kind, string externalId, string requestedHash, string requested, CancellationToken cancellationToken)
    {
        var row = await _ledger.GetAsync(kind, externalId, cancellationToken)
            ?? throw new InvalidOperationException($"The ledger row of {kind} {externalId} vanished.");
        if (row.Status == "in_flight")
        {
            // Come back when the holder has most likely answered, and no later than the moment its owner would be
            // declared dead (then the claim is ours to take) or the claim's deadline.
            var now = clock.GetUtcNow();
            var wait = Min(_options.InProgressRetryDelay, (row.ClaimExpiresAt ?? now) - now);
            if (row.ClaimOwner is { } holder && holder != owner.Id)
            {
                wait = Min(wait, (row.OwnerHeartbeatAt ?? now) + _options.OwnerTimeout - now);
            }

            throw new DispatchInProgressException(kind, externalId, wait < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : wait);
        }

        var drift = row.Status == "succeeded" && row.RequestedHash != requestedHash;
        if (drift)
        {
            await _ledger.RecordDriftAsync(kind, externalId, requestedHash, requested, cancellationToken);
            LogDrift(logger, kind, externalId);
        }

        return new DispatchResult(kind, externalId, row.Status == "skipped" ? DispatchOutcome.Skipped : DispatchOutcome.AlreadySucceeded,
            row.LeatUuid, row.Points, row.NewBalance, row.SkipReason, drift);
    }

    private async Task<string?> ResolveContactAsync(OrderDispatch dispatch, CancellationToken cancellationToken)
    {
        if (!string.IsNullOrWhiteSpace(dispatch.Order.Contact.Uuid))
        {
            return dispatch.Order.Contact.Uuid;
        }

        if (!string.IsNullOrWhiteSpace(dispatch.CustomerEmail))
        {
            return await contacts.ResolveAsync(dispatch.CustomerEmail, cancellationToken);
        }

        return _options.MissingEmail == MissingEmailPolicy.Fallback ? _options.FallbackContactUuid : null;
    }

    private async Task<DispatchResult> FoundAsync(string externalId, LedgerClaim claim, string? leatUuid, string resolution, IReadOnlyList<ReturnablePart> sold, CancellationToken cancellationToken)
    {
        await SucceedAsync(DispatchLedger.Order, externalId, claim, leatUuid, null, resolution, sold, cancellationToken);
        LogFoundInLeat(logger, externalId, resolution);
        return new DispatchResult(DispatchLedger.Order, externalId,
            resolution == "duplicate_rejected" ? DispatchOutcome.DuplicateAccepted : DispatchOutcome.FoundInLeat, leatUuid);
    }

    private async Task SucceedAsync(string kind, string externalId, LedgerClaim claim, string? leatUuid, LeatResult? result, string? resolution, IReadOnlyList<ReturnablePart>? sold, CancellationToken cancellationToken)
    {
        // Leat has answered: record it even if the caller is being cancelled, or the effect would be forgotten.
        var recorded = await GuardOutcomeAsync(_ledger.SucceedAsync(kind, externalId, claim.Token, leatUuid, result?.Type, result?.Data?.Points, result?.Data?.NewBalance, resolution, sold, CancellationToken.None));
        if (!recorded)
        {
            LogClaimLost(logger, kind, externalId);
        }
    }

    private async Task EndFailedClaimAsync(string kind, string externalId, LedgerClaim claim, Exception error, bool releaseReservation)
    {
        var permanent = error switch
        {
            LeatApiException leatError => !leatError.IsTransient,
            UnbalancedPayloadException or DispatchRejectedException => true,
            _ => false,
        };

        // A permanent refusal gives a return's reservation back (nothing reached Leat), so a corrected replay
        // is capped afresh; a transient one keeps it, because the same payload will be sent again.
        await GuardOutcomeAsync(_ledger.EndClaimAsync(kind, externalId, claim.Token, permanent ? "failed" : "pending", error.Message, permanent && releaseReservation, CancellationToken.None));
        LogFailed(logger, kind, externalId, permanent ? "permanent" : "transient", error.Message);
    }

    private Task SkipClaimAsync(string kind, string externalId, Guid token, string reason, CancellationToken cancellationToken) =>
        GuardOutcomeAsync(_ledger.SkipAsync(kind, externalId, token, reason, cancellationToken));

    /// <summary>
    /// A claim whose outcome could not be written (the database restarted or went away) stays in flight under this
    /// process's owner id with no code left to finish it. Abandoning the id makes the next heartbeat register a new
    /// one, so the retry — here or anywhere — takes the claim over at once instead of after ClaimTimeout.
    /// </summary>
    private async Task GuardOutcomeAsync(Task write)
    {
        try
        {
            await write;
        }
        catch
        {
            owner.Abandon();
            throw;
        }
    }

    private async Task<T> GuardOutcomeAsync<T>(Task<T> write)
    {
        try
        {
            return await write;
        }
        catch
        {
            owner.Abandon();
            throw;
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static string Serialize(LeatOrderRequest order) => JsonSerializer.Serialize(order, LeatJsonContext.Default.LeatOrderRequest);

    private static string Serialize(LeatOrderReturnRequest request) => JsonSerializer.Serialize(request, LeatJsonContext.Default.LeatOrderReturnRequest);

    private static LeatOrderReturnRequest Deserialize(string payload) =>
        JsonSerializer.Deserialize(payload, LeatJsonContext.Default.LeatOrderReturnRequest)
        ?? throw new InvalidOperationException("A stored return payload is empty.");

    private static string Hash(string payload, string? email)
    {
        var bytes = SHA256.HashData(Encoding.UTF8.GetBytes(email is null ? payload : $"{payload}\n{email}"));
        return Convert.ToHexStringLower(bytes);
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "Skipped {Kind} {ExternalId}: {Reason}")]
    private static partial void LogSkipped(ILogger logger, string kind, string externalId, string reason);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "{Kind} {ExternalId} already succeeded and was asked again with a different payload; recorded as drift, not resent")]
    private static partial void LogDrift(ILogger logger, string kind, string externalId);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Information, Message = "Order {ExternalId} was already in Leat ({Resolution}); not created again")]
    private static partial void LogFoundInLeat(ILogger logger, string externalId, string resolution);

    [LoggerMessage(EventId = 3103, Level = LogLevel.Warning, Message = "The claim on {Kind} {ExternalId} was taken over while Leat answered; the answer is recorded by whoever holds it")]
    private static partial void LogClaimLost(ILogger logger, string kind, string externalId);

    [LoggerMessage(EventId = 3104, Level = LogLevel.Warning, Message = "Sending {Kind} {ExternalId} failed ({Class}): {Error}")]
    private static partial void LogFailed(ILogger logger, string kind, string externalId, string @class, string error);

    [LoggerMessage(EventId = 3105, Level = LogLevel.Warning, Message = "Return {ExternalId} capped: {Part} {PartId} asked {RequestedQuantity} / {RequestedAmount}, {SentQuantity} / {SentAmount} remained returnable")]
    private static partial void LogCapped(ILogger logger, string externalId, string part, string partId, decimal requestedQuantity, decimal sentQuantity, long requestedAmount, long sentAmount);
}
