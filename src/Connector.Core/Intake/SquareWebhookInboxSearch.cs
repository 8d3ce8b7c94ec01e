using Npgsql;

namespace Connector.Core.Intake;

/// <summary>
/// <see cref="IWebhookEventSearch"/> over today's <c>square.webhook_inbox</c>. Kept to this one file because it is
/// temporary: the inbox is moving to the shared <c>intake.webhook_inbox</c> (with a <c>platform</c> column), and
/// its replacement is registered instead of this class.
/// </summary>
internal sealed class SquareWebhookInboxSearch(NpgsqlDataSource dataSource) : IWebhookEventSearch
{
    public async Task<IReadOnlyList<WebhookEventRow>> FindAsync(string term, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        // Three exact matches: the primary key, the object_id index, and work_key (unindexed; the inbox is pruned by
        // retention, so it stays small enough to scan).
        await using var command = dataSource.CreateCommand(
            """
            SELECT event_id, event_type, object_type, object_id, received_at, work_key
              FROM square.webhook_inbox
             WHERE event_id = @term OR object_id = @term OR work_key = @term
             ORDER BY received_at DESC, event_id
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("term", term);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<WebhookEventRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WebhookEventRow(
                "square",
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4),
                reader.IsDBNull(5) ? null : reader.GetString(5)));
        }

        return rows;
    }
}
