using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Leat.Dispatch;

/// <summary>The ledger row of one dispatch key, as read back.</summary>
internal sealed record LedgerRow(
    string Status,
    string RequestedHash,
    DateTimeOffset? ClaimExpiresAt,
    string? LeatUuid,
    long? Points,
    long? NewBalance,
    string? Resolution,
    string? SkipReason,
    string? LastError);

/// <summary>A claim on a dispatch key: only its holder may record the outcome.</summary>
internal sealed record LedgerClaim(Guid Token, int Attempts, string? StoredPayload);

/// <summary>
/// SQL over <c>leat.dispatch</c> and <c>leat.returnable</c>. Every outcome is written
/// <c>WHERE claim_token = @token</c>, so a worker whose claim was taken over cannot overwrite the new holder.
/// </summary>
internal sealed class DispatchLedger(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public const string Order = "order";
    public const string Return = "return";

    /// <summary>Creates the key's row if it does not exist yet (the unique key makes this race-free).</summary>
    public async Task EnsureAsync(string kind, string externalId, string platform, string sourceId, string? orderExternalId, string requestedHash, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO leat.dispatch (kind, external_id, platform, source_ids, order_external_id, status, requested_hash, created_at, updated_at)
            VALUES (@kind, @id, @platform, jsonb_build_object('source_id', @source), @order, 'pending', @hash, @now, @now)
            ON CONFLICT (kind, external_id) DO NOTHING
            """);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("source", sourceId);
        command.Parameters.AddWithValue("order", (object?)orderExternalId ?? DBNull.Value);
        command.Parameters.AddWithValue("hash", requestedHash);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Claims the key when nobody holds it and it has not succeeded: pending, failed and skipped keys may be
    /// (re)tried, and an in-flight claim past its deadline is taken over (its holder crashed or hung).
    /// Returns null when the key is succeeded or held by a live claim.
    /// </summary>
    public async Task<LedgerClaim?> TryClaimAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, string externalId, string requestedHash, TimeSpan claimTimeout, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var token = Guid.NewGuid();
        await using var command = new NpgsqlCommand(
            """
            UPDATE leat.dispatch
               SET status = 'in_flight', claim_token = @token, claim_expires_at = @expires,
                   attempts = attempts + 1, requested_hash = @hash, updated_at = @now
             WHERE kind = @kind AND external_id = @id
               AND (status IN ('pending', 'failed', 'skipped') OR (status = 'in_flight' AND claim_expires_at < @now))
            RETURNING attempts, payload::text
            """, connection, transaction);
        command.Parameters.AddWithValue("token", token);
        command.Parameters.AddWithValue("expires", now + claimTimeout);
        command.Parameters.AddWithValue("hash", requestedHash);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        await using var reader = await command.ExecuteReaderAsync(ct);
        if (!await reader.ReadAsync(ct))
        {
            return null;
        }

        return new LedgerClaim(token, reader.GetInt32(0), reader.IsDBNull(1) ? null : reader.GetString(1));
    }

    public async Task<LedgerRow?> GetAsync(string kind, string externalId, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT status, requested_hash, claim_expires_at, leat_uuid, points, new_balance, resolution, skip_reason, last_error
              FROM leat.dispatch WHERE kind = @kind AND external_id = @id
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
            reader.IsDBNull(3) ? null : reader.GetString(3),
            reader.IsDBNull(4) ? null : reader.GetInt64(4),
            reader.IsDBNull(5) ? null : reader.GetInt64(5),
            reader.IsDBNull(6) ? null : reader.GetString(6),
            reader.IsDBNull(7) ? null : reader.GetString(7),
            reader.IsDBNull(8) ? null : reader.GetString(8));
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

    /// <summary>Stores what is about to be sent, so ops see the exact payload even if the call never returns.</summary>
    public async Task SavePayloadAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string kind, string externalId, Guid token, string payload, string payloadHash, IReadOnlyList<ReturnCap>? caps, IReadOnlyList<PartConsumption>? reserved, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            UPDATE leat.dispatch
               SET payload = @payload::jsonb, payload_hash = @hash, caps = @caps::jsonb, reserved = @reserved::jsonb, updated_at = @now
             WHERE kind = @kind AND external_id = @id AND claim_token = @token
            """, connection, transaction);
        command.Parameters.AddWithValue("payload", payload);
        command.Parameters.AddWithValue("hash", payloadHash);
        command.Parameters.AddWithValue("caps", NpgsqlDbType.Text, caps is { Count: > 0 } ? JsonSerializer.Serialize(caps, DispatchJsonContext.Default.IReadOnlyListReturnCap) : DBNull.Value);
        command.Parameters.AddWithValue("reserved", NpgsqlDbType.Text, reserved is null ? DBNull.Value : JsonSerializer.Serialize(reserved, DispatchJsonContext.Default.IReadOnlyListPartConsumption));
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("token", token);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Marks the key succeeded and, for an order, records what it sold so later returns can be capped.
    /// Both in one transaction. Returns false when the claim had been taken over meanwhile (the sale is
    /// in Leat either way, so its returnable parts are recorded regardless).
    /// </summary>
    public async Task<bool> SucceedAsync(string kind, string externalId, Guid token, string? leatUuid, string? resultType, long? points, long? newBalance, string? resolution, IReadOnlyList<ReturnablePart>? sold, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using var command = new NpgsqlCommand(
            """
            UPDATE leat.dispatch
               SET status = 'succeeded', claim_token = NULL, claim_expires_at = NULL, leat_uuid = @uuid, result_type = @type,
                   points = @points, new_balance = @balance, resolution = @resolution, last_error = NULL,
                   skip_reason = NULL, updated_at = @now, completed_at = @now
             WHERE kind = @kind AND external_id = @id AND claim_token = @token
            """, connection, transaction);
        command.Parameters.AddWithValue("uuid", (object?)leatUuid ?? DBNull.Value);
        command.Parameters.AddWithValue("type", (object?)resultType ?? DBNull.Value);
        command.Parameters.AddWithValue("points", (object?)points ?? DBNull.Value);
        command.Parameters.AddWithValue("balance", (object?)newBalance ?? DBNull.Value);
        command.Parameters.AddWithValue("resolution", (object?)resolution ?? DBNull.Value);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("token", token);
        var updated = await command.ExecuteNonQueryAsync(ct) == 1;
        if (sold is not null)
        {
            await InsertSoldAsync(connection, transaction, externalId, sold, ct);
        }

        await transaction.CommitAsync(ct);
        return updated;
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
                await ApplyConsumptionAsync(connection, transaction, orderId!, parts, sign: -1, ct);
            }
        }

        await using var command = new NpgsqlCommand(
            $"""
            UPDATE leat.dispatch
               SET status = @status, claim_token = NULL, claim_expires_at = NULL, last_error = @error, updated_at = @now
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
               SET status = 'skipped', skip_reason = @reason, claim_token = NULL, claim_expires_at = NULL, updated_at = @now, completed_at = @now
             WHERE kind = @kind AND external_id = @id AND claim_token = @token
            """);
        command.Parameters.AddWithValue("reason", reason);
        command.Parameters.AddWithValue("now", clock.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("id", externalId);
        command.Parameters.AddWithValue("token", token);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Reads an order's returnable parts and locks them until the transaction ends, so two returns of one order are capped one after the other.</summary>
    public static async Task<IReadOnlyList<ReturnablePart>> LockPartsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orderExternalId, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT part, part_external_id, sold_quantity, sold_amount, sold_discount, returned_quantity, returned_amount, returned_discount
              FROM leat.returnable WHERE order_external_id = @order
             ORDER BY part, part_external_id
               FOR UPDATE
            """, connection, transaction);
        command.Parameters.AddWithValue("order", orderExternalId);
        var parts = new List<ReturnablePart>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            parts.Add(new ReturnablePart(
                reader.GetString(0), reader.GetString(1), reader.GetDecimal(2), reader.GetInt64(3), reader.GetInt64(4),
                reader.GetDecimal(5), reader.GetInt64(6), reader.GetInt64(7)));
        }

        return parts;
    }

    /// <summary>Adds (sign 1) or gives back (sign −1) what a return takes from its order's parts.</summary>
    public static async Task ApplyConsumptionAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orderExternalId, IReadOnlyList<PartConsumption> parts, int sign, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
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

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
        }
    }

    private static async Task InsertSoldAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string orderExternalId, IReadOnlyList<ReturnablePart> sold, CancellationToken ct)
    {
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch)
        {
            foreach (var part in sold)
            {
                var command = new NpgsqlBatchCommand(
                    """
                    INSERT INTO leat.returnable (order_external_id, part, part_external_id, sold_quantity, sold_amount, sold_discount)
                    VALUES (@order, @part, @id, @q, @a, @d)
                    ON CONFLICT DO NOTHING
                    """);
                command.Parameters.AddWithValue("order", orderExternalId);
                command.Parameters.AddWithValue("part", part.Part);
                command.Parameters.AddWithValue("id", part.ExternalId);
                command.Parameters.AddWithValue("q", part.SoldQuantity);
                command.Parameters.AddWithValue("a", part.SoldAmount);
                command.Parameters.AddWithValue("d", part.SoldDiscount);
                batch.BatchCommands.Add(command);
            }

            if (batch.BatchCommands.Count > 0)
            {
                await batch.ExecuteNonQueryAsync(ct);
            }
        }
    }
}
