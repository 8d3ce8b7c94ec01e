using Connector.Database;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>
/// Deletes old rows from <c>square.webhook_inbox</c> (after <see cref="SquareOptions.InboxRetention"/>) and
/// <c>square.webhook_rejection</c> (after <see cref="SquareOptions.RejectionRetention"/>) in bounded batches.
/// </summary>
internal sealed class SquareWebhookRetention(NpgsqlDataSource dataSource, IOptions<SquareOptions> options, TimeProvider time, ILogger<SquareWebhookRetention> logger)
{
    /// <summary>One pass over both tables; returns how many inbox and rejection rows it deleted.</summary>
    public async Task<(int Inbox, int Rejections)> PruneAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var inboxCutoff = now - settings.InboxRetention;
        var rejectionCutoff = now - settings.RejectionRetention;
        var inbox = await PruneInboxAsync(inboxCutoff, settings.RetentionBatchSize, cancellationToken);
        var rejections = await PruneRejectionsAsync(rejectionCutoff, settings.RetentionBatchSize, cancellationToken);
        SquareWebhookRetentionLog.Pruned(logger, inbox, inboxCutoff, rejections, rejectionCutoff);
        return (inbox, rejections);
    }

    /// <summary>
    /// Deletes inbox rows received before <paramref name="cutoff"/> whose work is done. A row whose object still has
    /// work requested, queued, running or waiting for a retry stays: it is the only record of the event while its sync
    /// may yet fail and need replaying by hand.
    /// </summary>
    public Task<int> PruneInboxAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteInBatchesAsync(
            """
            WITH doomed AS (
                SELECT i.event_id FROM square.webhook_inbox i
                WHERE i.received_at < @cutoff
                  AND NOT EXISTS (SELECT 1 FROM jobs.keyed_work w WHERE w.key = i.work_key)
                ORDER BY i.received_at
                LIMIT @batch
                FOR UPDATE OF i SKIP LOCKED
            )
            DELETE FROM square.webhook_inbox i USING doomed d WHERE i.event_id = d.event_id
            """,
            cutoff,
            batchSize,
            cancellationToken);

    /// <summary>Deletes refused deliveries received before <paramref name="cutoff"/>.</summary>
    public Task<int> PruneRejectionsAsync(DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteInBatchesAsync(
            """
            WITH doomed AS (
                SELECT id FROM square.webhook_rejection
                WHERE received_at < @cutoff
                ORDER BY received_at
                LIMIT @batch
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM square.webhook_rejection r USING doomed d WHERE r.id = d.id
            """,
            cutoff,
            batchSize,
            cancellationToken);

    private Task<int> DeleteInBatchesAsync(string sql, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        BatchedDelete.RunAsync(dataSource, sql, cutoff, batchSize, cancellationToken);
}
