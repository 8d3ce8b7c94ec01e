using System.Text;
using Connector.Jobs;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Core.Intake;

/// <summary>The <c>intake.webhook_inbox</c> and <c>intake.webhook_rejection</c> tables, for every platform.</summary>
public sealed class WebhookInbox(NpgsqlDataSource dataSource, JobIntake intake)
{
    /// <summary>
    /// Stores the event and, when it is new, requests its object's work: one autocommit statement, so both or
    /// neither, in one round trip (the platform waits for our answer). The inbox is the deduplication: a redelivered
    /// event id writes nothing. The job itself is created after the commit, in the background (a crash in between
    /// leaves the request for the sweeper), so the answer never waits for the job server.
    /// </summary>
    public async Task<InboxResult> StoreAsync(string platform, IntakeEvent evt, ReadOnlyMemory<byte> body, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var work = evt.Work;
        var requested = work is null ? "SELECT NULL::boolean AS created WHERE false" : JobIntake.RequestSql("NOT EXISTS (SELECT 1 FROM seen)");
        await using var command = dataSource.CreateCommand(
            $"""
            WITH seen AS (SELECT 1 FROM intake.webhook_inbox WHERE platform = @platform AND event_id = @event_id),
            stored AS (
                INSERT INTO intake.webhook_inbox (platform, event_id, account_id, event_type, object_type, object_id, received_at, body, work_key)
                SELECT @platform, @event_id, @account_id, @event_type, @object_type, @object_id, @received_at, @body, @work_key
                 WHERE NOT EXISTS (SELECT 1 FROM seen)
                ON CONFLICT (platform, event_id) DO NOTHING
                RETURNING 1),
            requested AS ({requested})
            SELECT (SELECT count(*) FROM stored), (SELECT created FROM requested)
            """);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("event_id", evt.EventId);
        command.Parameters.Add(Text("account_id", evt.AccountId));
        command.Parameters.AddWithValue("event_type", evt.EventType);
        command.Parameters.Add(Text("object_type", evt.ObjectType));
        command.Parameters.Add(Text("object_id", evt.ObjectId));
        command.Parameters.AddWithValue("received_at", receivedAt);
        command.Parameters.Add(Text("work_key", work?.Key));

        // The text as received (already checked storable by the platform's parser), not a re-serialisation.
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

    /// <summary>
    /// Records a refused delivery (autocommit). An unverified one only counts towards its platform, reason, address and
    /// minute, and its body is never kept; a verified one gets its own row with the body.
    /// </summary>
    public async Task RecordRejectionAsync(string platform, WebhookRejection rejection, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(rejection.SignatureValid
            ? """
              INSERT INTO intake.webhook_rejection (platform, received_at, last_at, status_code, reason, signature_valid, body_size, event_id, remote_address, body)
              VALUES (@platform, @received_at, @received_at, @status_code, @reason, true, @body_size, @event_id, @remote_address, @body)
              """
            : """
              INSERT INTO intake.webhook_rejection AS r (platform, received_at, last_at, status_code, reason, signature_valid, body_size, remote_address, minute)
              VALUES (@platform, @received_at, @received_at, @status_code, @reason, false, @body_size, @remote_address, date_trunc('minute', @received_at))
              ON CONFLICT (platform, minute, reason, coalesce(remote_address, '')) WHERE NOT signature_valid
              DO UPDATE SET count = r.count + 1, last_at = greatest(r.last_at, EXCLUDED.last_at), body_size = EXCLUDED.body_size
              """);
        command.Parameters.AddWithValue("platform", platform);
        command.Parameters.AddWithValue("received_at", rejection.ReceivedAt);
        command.Parameters.AddWithValue("status_code", rejection.StatusCode);
        command.Parameters.AddWithValue("reason", rejection.Reason);
        command.Parameters.Add(new NpgsqlParameter("body_size", NpgsqlDbType.Bigint) { Value = (object?)rejection.BodySize ?? DBNull.Value });
        command.Parameters.Add(Text("remote_address", rejection.RemoteAddress));
        if (rejection.SignatureValid)
        {
            command.Parameters.Add(Text("event_id", rejection.EventId));
            command.Parameters.Add(Text("body", rejection.Body));
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value };
}
