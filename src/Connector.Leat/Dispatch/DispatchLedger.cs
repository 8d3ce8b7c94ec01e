using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Leat.Dispatch;

/// <summary>The ledger row of one dispatch key, as read back.</summary>
internal sealed record LedgerRow(
    string Status,
    string RequestedHash,
    DateTimeOffset? ClaimExpiresAt,
    Guid? ClaimOwner,
    DateTimeOffset? OwnerHeartbeatAt,
    string? LeatUuid,
    long? Points,
    long? NewBalance,
    string? Resolution,
    string? SkipReason,
    string? LastError);

/// <summary>A claim on a dispatch key: only its holder may record the outcome.</summary>
internal sealed record LedgerClaim(Guid Token, int Attempts, string? StoredPayload);

/// <summary>What the first round trip of a return learns: its claim (null when refused), its order's status, and the order's locked parts.</summary>
internal sealed record ReturnClaim(LedgerClaim? Claim, string? OrderStatus, IReadOnlyList<ReturnablePart> Parts);

/// <summary>
/// SQL over <c>leat.dispatch</c> and <c>leat.returnable</c>. Every outcome is written
/// <c>WHERE claim_token = @token</c>, so a worker whose claim was taken over cannot overwrite the new holder.
/// </summary>
internal sealed class DispatchLedger(NpgsqlDataSource dataSource, TimeProvider clock, DispatchOwner owner, TimeSpan ownerTimeout)
{
    public const string Order = "order";
    public const string Return = "return";

    /// <summary>
    /// Creates the key's row already claimed, or claims the existing row when nobody holds it and it has not
    /// succeeded: pending, failed and skipped keys may be (re)tried, and an in-flight claim is taken over when it is
    /// past its deadline (its holder crashed or hung) or its owner is known dead — no row in
    /// <c>leat.dispatch_owner</c>, or a heartbeat older than the owner timeout. One statement: the unique key makes
    /// it race-free, and the owner lookup runs only when the key is already in flight. Returns null when the key is
    /// succeeded or held by a live claim. <paramref name="payload"/>, when given, replaces the stored
    /// one; when null, a stored payload (a return's reserved, capped payload) is kept and returned.
    /// </summary>
    public async Task<LedgerClaim?> ClaimAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, string externalId, string platform, string sourceId,
        IReadOnlyList<string> alsoKnownAs, string? orderExternalId, string requestedHash, string? payload, string? payloadHash, TimeSpan claimTimeout, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            var token = AddClaim(batch, kind, externalId, platform, sourceId, alsoKnownAs, orderExternalId, requestedHash, payload, payloadHash, claimTimeout);
            await using var reader = await batch.ExecuteReaderAsync(ct);
            return await ReadClaimAsync(reader, token, ct);
        }
    }

    /// <summary>
    /// The first round trip of a return, inside the caller's transaction: the status of its order, the claim on the
    /// return (as <see cref="ClaimAsync"/>), and the order's returnable parts, locked until the transaction ends so
    /// two returns of one order are capped one after the other. One batch, because each round trip is CPU on both
    /// sides; the parts are locked even when the claim is refused, which costs nothing the commit does not undo.
    /// </summary>
    public async Task<ReturnClaim> ClaimReturnAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string externalId, string platform, string sourceId,
        IReadOnlyList<string> alsoKnownAs, string orderExternalId, string requestedHash, TimeSpan claimTimeout, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            var status = new NpgsqlBatchCommand("SELECT status FROM leat.dispatch WHERE kind = 'order' AND external_id = @order");
            status.Parameters.AddWithValue("order", orderExternalId);
            batch.BatchCommands.Add(status);
            var token = AddClaim(batch, Return, externalId, platform, sourceId, alsoKnownAs, orderExternalId, requestedHash, null, null, claimTimeout);
            var parts = new NpgsqlBatchCommand(
                """
                SELECT part, part_external_id, sold_quantity, sold_amount, sold_discount, returned_quantity, returned_amount, returned_discount
                  FROM leat.returnable WHERE order_external_id = @order
                 ORDER BY part, part_external_id
                   FOR UPDATE
                """);
            parts.Parameters.AddWithValue("order", orderExternalId);
            batch.BatchCommands.Add(parts);

            await using var reader = await batch.ExecuteReaderAsync(ct);
            var orderStatus = await reader.ReadAsync(ct) ? reader.GetString(0) : null;
            await reader.NextResultAsync(ct);
            var claim = await ReadClaimAsync(reader, token, ct);
            await reader.NextResultAsync(ct);
            var returnable = new List<ReturnablePart>();
            while (await reader.ReadAsync(ct))
            {
                returnable.Add(new ReturnablePart(
                    reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetInt64(3), reader.GetInt64(4),
                    reader.GetDecimal(5), reader.GetInt64(6), reader.GetInt64(7)));
            }

            return new ReturnClaim(claim, orderStatus, returnable);
        }
    }

    private Guid AddClaim(
        NpgsqlBatch batch, string kind, string externalId, string platform, string sourceId, IReadOnlyList<string> alsoKnownAs, string? orderExternalId,
        string requestedHash, string? payload, string? payloadHash, TimeSpan claimTimeout)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO leat.dispatch AS d (kind, external_id, platform, source_ids, order_external_id, status, requested_hash,
                                            payload, payload_hash, claim_token, claim_expires_at, claim_owner, attempts, created_at, updated_at)
            VALUES (@kind, @id, @platform, jsonb_build_object('source_id', @source::text, 'also', to_jsonb(@also::text[])), @order, 'in_flight', @hash,
                    @payload::jsonb, @payload_hash, @token, @expires, @owner, 1, @now, @now)
            ON CONFLICT (kind, external_id) DO UPDATE
               SET status = 'in_flight', claim_token = EXCLUDED.claim_token, claim_expires_at = EXCLUDED.claim_expires_at,
                   claim_owner = EXCLUDED.claim_owner, source_ids = EXCLUDED.source_ids,
                   attempts = d.attempts + 1, requested_hash = EXCLUDED.requested_hash, updated_at = EXCLUDED.updated_at,
                   payload = coalesce(EXCLUDED.payload, d.payload), payload_hash = coalesce(EXCLUDED.payload_hash, d.payload_hash)
             WHERE d.status IN ('pending', 'failed', 'skipped')
                OR (d.status = 'in_flight'
                    AND (d.claim_expires_at < @now
                         -- A claim without an owner (made before owners existed) only expires. Our own live
                         -- claims are never taken by owner liveness: this process is evidently running.
                         OR (d.claim_owner IS NOT NULL AND d.claim_owner <> @owner
                             AND NOT EXISTS (SELECT 1 FROM leat.dispatch_owner o
                                              WHERE o.owner_id = d.claim_owner AND o.heartbeat_at >= @owner_stale_before))))
            RETURNING d.attempts, d.payload::text
            """);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("also", alsoKnownAs.ToArray());
        command.Parameters.AddWithValue("order", NpgsqlDbType.Text, (object?)orderExternalId ?? DBNull.Value);
        command.Parameters.AddWithValue("hash", requestedHash);
        command.Parameters.AddWithValue("payload", NpgsqlDbType.Text, (object?)payload ?? DBNull.Value);
        command.Parameters.AddWithValue("payload_hash", NpgsqlDbType.Text, (object?)payloadHash ?? DBNull.Value);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("expires", now + claimTimeout);
        command.Parameters.AddWithValue("owner", owner.Id);
        command.Parameters.AddWithValue("owner_stale_before", now - ownerTimeout);
        command.Parameters.AddWithValue("now", now);
        batch.BatchCommands.Add(command);
        return token;
    }

    private static async Task<LedgerClaim?> ReadClaimAsync(NpgsqlDataReader reader, Guid token, CancellationToken ct) =>
        await reader.ReadAsync(ct) ? new LedgerClaim(token, reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;

    public async Task<LedgerRow?> GetAsync(string kind, string externalId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT d.status, d.requested_hash, d.claim_expires_at, d.claim_owner, o.heartbeat_at,
                   d.leat_uuid, d.points, d.new_balance, d.resolution, d.skip_reason, d.last_error
              FROM leat.dispatch d LEFT JOIN leat.dispatch_owner o ON o.owner_id = d.claim_owner
             WHERE d.kind = @kind AND d.external_id = @id
            """);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new LedgerRow(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            reader.IsDBNull(3) ? null : reader.GetGuid(3),
            reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4),
            reader.IsDBNull(5) ? null : reader.GetString(5),
            reader.IsDBNull(6) ? null : reader.GetInt64(6),
            reader.IsDBNull(7) ? null : reader.GetInt64(7),
            reader.IsDBNull(8) ? null : reader.GetString(8),
            reader.IsDBNull(9) ? null : reader.GetString(9),
            reader.IsDBNull(10) ? null : reader.GetString(10));
    }

    /// <summary>Records that a succeeded key was asked again with a different payload; it is not resent.</summary>
    public async Task RecordDriftAsync(string kind, string externalId, string driftHash, string driftPayload, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE leat.dispatch SET drift_hash = @hash, drift_payload = @payload::jsonb, drift_at = @now
             WHERE kind = @kind AND external_id = @id AND drift_hash IS DISTINCT FROM @hash
            """);
        command.Parameters.AddWithValue("hash", driftHash);
        command.Parameters.AddWithValue("payload", driftPayload);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Takes what a return consumes from its order's parts and stores the capped payload with the reservation,
    /// in one round trip inside the claim's transaction (whose row locks make the cap and the take atomic).
    /// </summary>
    public async Task ReserveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string externalId, Guid token, string orderExternalId, CappedReturn capped, string payload, string payloadHash, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            AddConsumption(batch, orderExternalId, capped.Consumed, sign: 1);
            var save = new NpgsqlBatchCommand(
                """
                UPDATE leat.dispatch
                   SET payload = @payload::jsonb, payload_hash = @hash, caps = @caps::jsonb, reserved = @reserved::jsonb, updated_at = @now
                 WHERE kind = 'return' AND external_id = @id AND claim_token = @token
                """);
            save.Parameters.AddWithValue("payload", payload);
            save.Parameters.AddWithValue("hash", payloadHash);
            save.Parameters.AddWithValue("caps", NpgsqlDbType.Text, capped.Caps.Count > 0 ? JsonSerializer.Serialize(capped.Caps, DispatchJsonContext.Default.IReadOnlyListReturnCap) : DBNull.Value);
            save.Parameters.AddWithValue("reserved", JsonSerializer.Serialize(capped.Consumed, DispatchJsonContext.Default.IReadOnlyListPartConsumption));
            save.Parameters.AddWithValue("now", clock.GetUtcNow());
            save.Parameters.AddWithValue("id", externalId);
            save.Parameters.AddWithValue("token", token);
            batch.BatchCommands.Add(save);
            await batch.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>
    /// Marks the key succeeded and, for an order, records what it sold so later returns can be capped: one
    /// statement, so both or neither. Returns false when the claim had been taken over meanwhile (the sale is in
    /// Leat either way, so its returnable parts are recorded regardless).
    /// </summary>
    public async Task<bool> SucceedAsync(string kind, string externalId, Guid token, string? leatUuid, string? resultType, long? points, long? newBalance, string? resolution, IReadOnlyList<ReturnablePart>? sold, CancellationToken ct)
    {
        sold ??= [];
        await using var command = dataSource.CreateCommand(
            """
            WITH done AS (
                UPDATE leat.dispatch
                   SET status = 'succeeded', claim_token = NULL, claim_expires_at = NULL, claim_owner = NULL, leat_uuid = @uuid, result_type = @type,
                       points = @points, new_balance = @balance, resolution = @resolution, last_error = NULL,
                       skip_reason = NULL, updated_at = @now, completed_at = @now
                 WHERE kind = @kind AND external_id = @id AND claim_token = @token
                RETURNING 1),
            sold AS (
                INSERT INTO leat.returnable (order_external_id, part, part_external_id, sold_quantity, sold_amount, sold_discount)
                SELECT @id, p.part, p.part_id, p.q, p.a, p.d
                  FROM unnest(@parts::text[], @part_ids::text[], @quantities::numeric[], @amounts::bigint[], @discounts::bigint[]) AS p(part, part_id, q, a, d)
                ON CONFLICT DO NOTHING)
            SELECT count(*) FROM done
            """);
        command.Parameters.AddWithValue("uuid", NpgsqlDbType.Text, (object?)leatUuid ?? DBNull.Value);
        command.Parameters.AddWithValue("type", NpgsqlDbType.Text, (object?)resultType ?? DBNull.Value);
        command.Parameters.AddWithValue("points", NpgsqlDbType.Bigint, (object?)points ?? DBNull.Value);
        command.Parameters.AddWithValue("balance", NpgsqlDbType.Bigint, (object?)newBalance ?? DBNull.Value);
        command.Parameters.AddWithValue("resolution", NpgsqlDbType.Text, (object?)resolution ?? DBNull.Value);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("parts", sold.Select(p => p.Part).ToArray());
        command.Parameters.AddWithValue("part_ids", sold.Select(p => p.ExternalId).ToArray());
        command.Parameters.AddWithValue("quantities", sold.Select(p => p.SoldQuantity).ToArray());
        command.Parameters.AddWithValue("amounts", sold.Select(p => p.SoldAmount).ToArray());
        command.Parameters.AddWithValue("discounts", sold.Select(p => p.SoldDiscount).ToArray());
        return (long)(await command.ExecuteScalarAsync(ct))! == 1;
    }

    /// <summary>
    /// Ends the claim without success. <paramref name="status"/> is <c>failed</c> (permanent: Leat refused,
    /// replayable after the cause is fixed; a return's reservation is given back) or <c>pending</c>
    /// (transient: tried again later with the same payload and reservation).
    /// </summary>
    public async Task EndClaimAsync(string kind, string externalId, Guid token, string status, string error, bool releaseReservation, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        string? reserved = null;
        if (releaseReservation)
        {
            await using var read = new NpgsqlCommand(
                "SELECT reserved::text, order_external_id FROM leat.dispatch WHERE kind = @kind AND external_id = @id AND claim_token = @token FOR UPDATE",
                connection, transaction);
            read.Parameters.AddWithValue("kind", kind);
            read.Parameters.AddWithValue("id", externalId);
            read.Parameters.AddWithValue("token", token);
            string? orderId = null;
            await using (var reader = await read.ExecuteReaderAsync(ct))
            {
                if (await reader.ReadAsync(ct) && !reader.IsDBNull(0))
                {
                    reserved = reader.GetString(0);
                    orderId = reader.GetString(1);
                }
            }

            if (reserved is not null)
            {
                var parts = JsonSerializer.Deserialize(reserved, DispatchJsonContext.Default.IReadOnlyListPartConsumption) ?? [];
                var release = new NpgsqlBatch(connection, transaction);
                await using (release)
                {
                    AddConsumption(release, orderId!, parts, sign: -1);
                    if (release.BatchCommands.Count > 0)
                    {
                        await release.ExecuteNonQueryAsync(ct);
                    }
                }
            }
        }

        await using var command = new NpgsqlCommand(
            $"""
            UPDATE leat.dispatch
               SET status = @status, claim_token = NULL, claim_expires_at = NULL, claim_owner = NULL, last_error = @error, updated_at = @now
                   {(releaseReservation ? ", payload = NULL, payload_hash = NULL, reserved = NULL, caps = NULL" : "")}
             WHERE kind = @kind AND external_id = @id AND claim_token = @token
            """, connection, transaction);
        command.Parameters.AddWithValue("status", status);
        command.Parameters.AddWithValue("error", error);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("token", token);
        await command.ExecuteNonQueryAsync(ct);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Ends the claim as skipped, with the reason ops will see.</summary>
    public async Task SkipAsync(string kind, string externalId, Guid token, string reason, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            UPDATE leat.dispatch
               SET status = 'skipped', skip_reason = @reason, claim_token = NULL, claim_expires_at = NULL, claim_owner = NULL, updated_at = @now, completed_at = @now
             WHERE kind = @kind AND external_id = @id AND claim_token = @token
            """);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("token", token);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Adds to <paramref name="batch"/> the statements that take (sign 1) or give back (sign −1) what a return consumes.</summary>
    private static void AddConsumption(NpgsqlBatch batch, string orderExternalId, IReadOnlyList<PartConsumption> parts, int sign)
    {
        foreach (var part in parts)
        {
            var command = new NpgsqlBatchCommand(
                """
                UPDATE leat.returnable
                   SET returned_quantity = returned_quantity + @q, returned_amount = returned_amount + @a, returned_discount = returned_discount + @d
                 WHERE order_external_id = @order AND part = @part AND part_external_id = @id
                """);
            command.Parameters.AddWithValue("q", sign * part.Quantity);
            command.Parameters.AddWithValue("a", sign * part.Amount);
            command.Parameters.AddWithValue("d", sign * part.Discount);
            command.Parameters.AddWithValue("order", orderExternalId);
            command.Parameters.AddWithValue("part", part.Part);
            command.Parameters.AddWithValue("id", part.ExternalId);
            batch.BatchCommands.Add(command);
        }
    }
}
