using Npgsql;

namespace Connector.Core.Intake;

/// <summary><see cref="IWebhookEventSearch"/> over the platform kit's <c>intake.webhook_inbox</c>, every platform.</summary>
internal sealed class WebhookInboxSearch(NpgsqlDataSource dataSource) : IWebhookEventSearch
{
    public async Task<IReadOnlyList<WebhookEventRow>> FindAsync(string term, int limit, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(term);
        // Three exact matches, each on an index: the event id, the object id and the work key.
        await using var command = dataSource.CreateCommand(
            """
            SELECT platform, event_id, event_type, object_type, object_id, received_at, work_key
              FROM intake.webhook_inbox
             WHERE event_id = @term OR object_id = @term OR work_key = @term
             ORDER BY received_at DESC, platform, event_id
             LIMIT @limit
            """);
        command.Parameters.AddWithValue("term", term);
        command.Parameters.AddWithValue("limit", limit);
        var rows = new List<WebhookEventRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WebhookEventRow(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.GetFieldValue<DateTimeOffset>(5),
                reader.IsDBNull(6) ? null : reader.GetString(6)));
        }

        return rows;
    }
}
