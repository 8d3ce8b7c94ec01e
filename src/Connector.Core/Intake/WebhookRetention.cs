using Microsoft.Extensions.Logging;
using Npgsql;

namespace Connector.Core.Intake;

/// <summary>Deletes a platform's old inbox and rejection rows in bounded batches.</summary>
public sealed partial class WebhookRetention(NpgsqlDataSource dataSource, TimeProvider time, ILogger<WebhookRetention> logger)
{
    /// <summary>One pass over both tables for <paramref name="platform"/>; returns how many inbox and rejection rows it deleted.</summary>
    public async Task<(int Inbox, int Rejections)> PruneAsync(string platform, TimeSpan inboxRetention, TimeSpan rejectionRetention, int batchSize, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var inbox = await PruneInboxAsync(platform, now - inboxRetention, batchSize, cancellationToken);
        var rejections = await PruneRejectionsAsync(platform, now - rejectionRetention, batchSize, cancellationToken);
        LogPruned(logger, platform, inbox, now - inboxRetention, rejections, now - rejectionRetention);
        return (inbox, rejections);
    }

    /// <summary>
    /// Deletes inbox rows received before <paramref name="cutoff"/> whose work is done. A row whose object still has
    /// work requested, queued, running or waiting for a retry stays: it is the only record of the event while its sync
    /// may yet fail and need replaying by hand.
    /// </summary>
    public Task<int> PruneInboxAsync(string platform, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteAsync(
            """
            WITH doomed AS (
                SELECT i.event_id FROM intake.webhook_inbox i
                WHERE i.platform = @platform AND i.received_at < @cutoff
                  AND NOT EXISTS (SELECT 1 FROM jobs.keyed_work w WHERE w.key = i.work_key)
                ORDER BY i.received_at
                LIMIT @batch
                FOR UPDATE OF i SKIP LOCKED
            )
            DELETE FROM intake.webhook_inbox i USING doomed d WHERE i.platform = @platform AND i.event_id = d.event_id
            """,
            platform, cutoff, batchSize, cancellationToken);

    /// <summary>Deletes refused deliveries last seen before <paramref name="cutoff"/>.</summary>
    public Task<int> PruneRejectionsAsync(string platform, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        DeleteAsync(
            """
            WITH doomed AS (
                SELECT id FROM intake.webhook_rejection
                WHERE platform = @platform AND last_at < @cutoff
                ORDER BY received_at
                LIMIT @batch
                FOR UPDATE SKIP LOCKED
            )
            DELETE FROM intake.webhook_rejection r USING doomed d WHERE r.id = d.id
            """,
            platform, cutoff, batchSize, cancellationToken);

    private async Task<int> DeleteAsync(string sql, string platform, DateTimeOffset cutoff, int batchSize, CancellationToken cancellationToken) =>
        await BatchedDelete.RunAsync(dataSource, sql, cutoff, batchSize, cancellationToken, command => command.Parameters.AddWithValue("platform", platform));

    [LoggerMessage(EventId = 5300, Level = LogLevel.Information, Message = "{Platform} webhook retention: {Inbox} inbox rows before {InboxCutoff:o} and {Rejections} rejections before {RejectionCutoff:o} deleted")]
    private static partial void LogPruned(ILogger logger, string platform, int inbox, DateTimeOffset inboxCutoff, int rejections, DateTimeOffset rejectionCutoff);
}
