using System.Text.Json;
using Connector.Platforms.NewStore.Model;
using Npgsql;
using NpgsqlTypes;

namespace Connector.Platforms.NewStore.Sync;

/// <summary>
/// What a NewStore job reads and keeps: the order's stored events (the inbox, by work key), its state in
/// <c>newstore.order_state</c>, and whether and as what its sale reached Leat (the dispatch ledger's own row, so the
/// follow-ups are mapped against exactly the payload that was sent).
/// </summary>
public sealed class NewStoreState(NpgsqlDataSource dataSource)
{
    /// <summary>The events stored under work key <paramref name="workKey"/>, oldest first.</summary>
    public async Task<IReadOnlyList<NewStoreStoredEvent>> EventsAsync(string workKey, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            SELECT event_id, received_at, body::text FROM intake.webhook_inbox
             WHERE platform = @platform AND work_key = @work_key
             ORDER BY received_at, event_id
            """);
        command.Parameters.AddWithValue("platform", NewStoreSync.Platform);
        command.Parameters.AddWithValue("work_key", workKey);
        var events = new List<NewStoreStoredEvent>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var evt = JsonSerializer.Deserialize(reader.GetString(2), NewStoreJsonContext.Default.NewStoreEvent)
                ?? throw new InvalidOperationException($"Stored NewStore event {reader.GetString(0)} is empty.");
            events.Add(new NewStoreStoredEvent(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), evt));
        }

        return events;
    }

    /// <summary>The order's stored document (null when none was seen) and the item ids cancelled so far.</summary>
    public async Task<(NewStoreOrder? Document, IReadOnlySet<string> Cancelled)> GetAsync(string orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT document::text, cancelled_item_ids FROM newstore.order_state WHERE order_id = @order_id");
        command.Parameters.AddWithValue("order_id", orderId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, new HashSet<string>(StringComparer.Ordinal));
        }

        var document = reader.IsDBNull(0) ? null : JsonSerializer.Deserialize(reader.GetString(0), NewStoreJsonContext.Default.NewStoreOrder);
        return (document, reader.GetFieldValue<string[]>(1).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>Keeps <paramref name="document"/> as the order's latest document.</summary>
    public async Task SaveDocumentAsync(NewStoreOrder document, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO newstore.order_state (order_id, document) VALUES (@order_id, @document)
            ON CONFLICT (order_id) DO UPDATE SET document = EXCLUDED.document, updated_at = now()
            """);
        command.Parameters.AddWithValue("order_id", document.Id);
        command.Parameters.Add(new NpgsqlParameter("document", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(document, NewStoreJsonContext.Default.NewStoreOrder) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Adds <paramref name="itemIds"/> to the order's cancelled items (a set: adding twice changes nothing).</summary>
    public async Task AddCancelledAsync(string orderId, IReadOnlyCollection<string> itemIds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO newstore.order_state AS s (order_id, cancelled_item_ids) VALUES (@order_id, @ids)
            ON CONFLICT (order_id) DO UPDATE
               SET cancelled_item_ids = ARRAY(SELECT DISTINCT unnest(s.cancelled_item_ids || EXCLUDED.cancelled_item_ids) ORDER BY 1),
                   updated_at = now()
            """);
        command.Parameters.AddWithValue("order_id", orderId);
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = itemIds.ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
