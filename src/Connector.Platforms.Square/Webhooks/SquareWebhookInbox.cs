using System.Text;
using Connector.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>The <c>square.webhook_inbox</c> and <c>square.webhook_rejection</c> tables.</summary>
internal sealed class SquareWebhookInbox(NpgsqlDataSource dataSource, JobClient jobs)
{
    /// <summary>
    /// Stores the event and enqueues its job on <paramref name="transaction"/>; the caller commits. The inbox insert is
    /// the deduplication (a redelivered event_id inserts nothing and enqueues nothing), and because both writes share
    /// the transaction a failure leaves neither: Square's redelivery then starts over cleanly.
    /// </summary>
    public async Task<InboxResult> StoreAsync(NpgsqlTransaction transaction, SquareWebhookEvent evt, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var connection = transaction.Connection!;
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO square.webhook_inbox (event_id, merchant_id, event_type, object_type, object_id, received_at, body)
            VALUES (@event_id, @merchant_id, @event_type, @object_type, @object_id, @received_at, @body)
            ON CONFLICT (event_id) DO NOTHING
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("event_id", evt.EventId);
            insert.Parameters.Add(Text("merchant_id", evt.MerchantId));
            insert.Parameters.AddWithValue("event_type", evt.Type);
            insert.Parameters.Add(Text("object_type", evt.ObjectType));
            insert.Parameters.Add(Text("object_id", evt.ObjectId));
            insert.Parameters.AddWithValue("received_at", receivedAt);

            // The text as received (already validated as UTF-8 JSON by the parser), not a re-serialisation.
            insert.Parameters.Add(new NpgsqlParameter("body", NpgsqlDbType.Jsonb) { Value = Encoding.UTF8.GetString(body.Span) });
            if (await insert.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return new InboxResult(InboxOutcome.Duplicate, null);
            }
        }

        if (SquareWebhookJob.For(evt) is not { } job)
        {
            return new InboxResult(InboxOutcome.StoredWithoutJob, null);
        }

        var enqueued = await job.EnqueueAsync(jobs, transaction, cancellationToken);
        await using (var update = new NpgsqlCommand("UPDATE square.webhook_inbox SET job_id = @job_id WHERE event_id = @event_id", connection, transaction))
        {
            update.Parameters.AddWithValue("job_id", enqueued.Id);
            update.Parameters.AddWithValue("event_id", evt.EventId);
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        return new InboxResult(enqueued.Created ? InboxOutcome.StoredNewJob : InboxOutcome.StoredExistingJob, enqueued.Id);
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
