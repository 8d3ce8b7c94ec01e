using System.Text;
using Connector.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>The <c>square.webhook_inbox</c> and <c>square.webhook_rejection</c> tables.</summary>
internal sealed class SquareWebhookInbox(NpgsqlDataSource dataSource, JobClient jobs)
{
    /// <summary>
    /// Stores the event and, when it is new, enqueues its job: one autocommit statement, so both or neither, in one
    /// round trip (each round trip is CPU on a busy host, and Square waits for our answer). The inbox is the
    /// deduplication: a redelivered event_id inserts nothing and enqueues nothing. Two deliveries of one event racing
    /// each other may both pass the look-up, but the job's unique key yields one job and the inbox's key one row.
    /// </summary>
    public async Task<InboxResult> StoreAsync(SquareWebhookEvent evt, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var call = SquareWebhookJob.For(evt)?.Prepare(jobs);

        // Without a job the enqueue is left out; with one it is evaluated only for an event not seen before.
        var job = call is null ? "SELECT NULL::jobs.enqueued AS e" : $"SELECT {call.Sql} AS e WHERE NOT EXISTS (SELECT 1 FROM seen)";
        await using var command = dataSource.CreateCommand(
            $"""
            WITH seen AS (SELECT 1 FROM square.webhook_inbox WHERE event_id = @event_id),
            job AS ({job}),
            stored AS (
                INSERT INTO square.webhook_inbox (event_id, merchant_id, event_type, object_type, object_id, received_at, body, job_id)
                SELECT @event_id, @merchant_id, @event_type, @object_type, @object_id, @received_at, @body, (SELECT (e).job_id FROM job)
                 WHERE NOT EXISTS (SELECT 1 FROM seen)
                ON CONFLICT (event_id) DO NOTHING
                RETURNING 1)
            SELECT (SELECT count(*) FROM stored), (SELECT (e).job_id FROM job), (SELECT (e).created FROM job)
            """);
        command.Parameters.AddWithValue("event_id", evt.EventId);
        command.Parameters.Add(Text("merchant_id", evt.MerchantId));
        command.Parameters.AddWithValue("event_type", evt.Type);
        command.Parameters.Add(Text("object_type", evt.ObjectType));
        command.Parameters.Add(Text("object_id", evt.ObjectId));
        command.Parameters.AddWithValue("received_at", receivedAt);

        // The text as received (already validated as UTF-8 JSON by the parser), not a re-serialisation.
        command.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = Encoding.UTF8.GetString(body.Span) });
        foreach (var parameter in call?.Parameters ?? [])
        {
            command.Parameters.Add(parameter);
        }

        long stored;
        long? jobId;
        bool created;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            (stored, jobId, created) = (reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt64(1), !reader.IsDBNull(2) && reader.GetBoolean(2));
        }

        if (stored == 0)
        {
            return new InboxResult(InboxOutcome.Duplicate, null);
        }

        if (jobId is null)
        {
            return new InboxResult(InboxOutcome.StoredWithoutJob, null);
        }

        if (created)
        {
            // After the reader is closed, so the autocommit has happened: a fetcher woken now finds the job.
            jobs.NotifyCommitted(call!.Queue);
        }

        return new InboxResult(created ? InboxOutcome.StoredNewJob : InboxOutcome.StoredExistingJob, jobId);
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
