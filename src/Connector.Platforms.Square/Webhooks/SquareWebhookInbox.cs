using System.Text;
using Connector.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>The <c>square.webhook_inbox</c> and <c>square.webhook_rejection</c> tables.</summary>
internal sealed class SquareWebhookInbox(NpgsqlDataSource dataSource, JobIntake intake)
{
    /// <summary>
    /// Stores the event and, when it is new, requests its object's work: one autocommit statement, so both or
    /// neither, in one round trip (Square waits for our answer). The inbox is the deduplication: a redelivered
    /// event_id writes nothing. The job itself is created after the commit, in the background (a crash in between
    /// leaves the request for the sweeper), so the answer never waits for the job server.
    /// </summary>
    public async Task<InboxResult> StoreAsync(SquareWebhookEvent evt, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var work = SquareWebhookJob.For(evt);
        var requested = work is null ? "SELECT NULL::boolean AS created WHERE false" : JobIntake.RequestSql("NOT EXISTS (SELECT 1 FROM seen)");
        await using var command = dataSource.CreateCommand(
            $"""
            WITH seen AS (SELECT 1 FROM square.webhook_inbox WHERE event_id = @event_id),
            stored AS (
                INSERT INTO square.webhook_inbox (event_id, merchant_id, event_type, object_type, object_id, received_at, body, work_key)
                SELECT @event_id, @merchant_id, @event_type, @object_type, @object_id, @received_at, @body, @work_key
                 WHERE NOT EXISTS (SELECT 1 FROM seen)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING 1),
            requested AS ({requested})
            SELECT (SELECT count(*) FROM stored), (SELECT created FROM requested)
            """);
        command.Parameters.AddWithValue("event_id", evt.EventId);
        command.Parameters.Add(Text("merchant_id", evt.MerchantId));
        command.Parameters.AddWithValue("event_type", evt.Type);
        command.Parameters.Add(Text("object_type", evt.ObjectType));
        command.Parameters.Add(Text("object_id", evt.ObjectId));
        command.Parameters.AddWithValue("received_at", receivedAt);
        command.Parameters.Add(Text("work_key", work?.Key));

        // The text as received (already validated as UTF-8 JSON by the parser), not a re-serialisation.
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = Encoding.UTF8.GetString(body.Span) });
        if (work is not null)
        {
            command.Parameters.AddRange(JobIntake.RequestParameters(work));
        }

        long stored;
        bool created;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (stored, created) = (reader.GetInt64(0), !reader.IsDBNull(1) && reader.GetBoolean(1));
        }

        if (stored == 0)
        {
            return new InboxResult(InboxOutcome.Duplicate, null);
        }

        if (work is null)
        {
            return new InboxResult(InboxOutcome.StoredWithoutJob, null);
        }

        if (created)
        {
            // After the reader is closed, so the autocommit has happened.
            intake.Committed(work);
        }

        return new InboxResult(created ? InboxOutcome.StoredNewJob : InboxOutcome.StoredExistingJob, work.Key);
    }

    /// <summary>Records a refused delivery (autocommit). The body is dropped unless the signature was valid.</summary>
    public async Task RecordRejectionAsync(SquareWebhookRejection rejection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO square.webhook_rejection (received_at, status_code, reason, signature_valid, body_size, event_id, remote_address, body)
            VALUES (@received_at, @status_code, @reason, @signature_valid, @body_size, @event_id, @remote_address, @body)
            """);
        command.Parameters.AddWithValue("received_at", rejection.ReceivedAt);
        command.Parameters.AddWithValue("status_code", rejection.StatusCode);
        command.Parameters.AddWithValue("reason", rejection.Reason);
        command.Parameters.AddWithValue("signature_valid", rejection.SignatureValid);
        command.Parameters.Add(new NpgsqlParameter("body_size", NpgsqlDbType.Bigint) { Value = (object?)rejection.BodySize ?? DBNull.Value });
        command.Parameters.Add(Text("event_id", rejection.EventId));
        command.Parameters.Add(Text("remote_address", rejection.RemoteAddress));
        command.Parameters.Add(Text("body", rejection.SignatureValid ? rejection.Body : null));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
