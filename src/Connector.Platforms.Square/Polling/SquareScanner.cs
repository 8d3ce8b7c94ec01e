using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Connector.Platforms.Square.Polling;

/// <summary>
/// Finds what changed in Square in a time window — orders by <c>updated_at</c> over every mapped location, and
/// payment refunds — and enqueues one sync job per object, keyed like the webhooks' jobs, so polling, backfills
/// and webhooks never process one object twice at once. The recurring poll moves its checkpoint in the same
/// transaction as its enqueues.
/// </summary>
public sealed partial class SquareScanner(
    ISquareClient square,
    JobClient jobs,
    PlatformMappings mappings,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    IOptions<SquareOptions> options,
    ILogger<SquareScanner> logger)
{
    public const string PollKind = "square.poll";
    public const string BackfillKind = "square.backfill";
    private const string Scope = "default";

    /// <summary>One poll: from the checkpoint minus the overlap (or the initial look-back) to now.</summary>
    public async Task<(int Orders, int Refunds)> PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        DateTimeOffset? checkpoint = null;
        await using (var read = new NpgsqlCommand(
            "SELECT checkpoint FROM square.poll_checkpoint WHERE merchant_or_scope = @scope FOR UPDATE", connection, transaction))
        {
            // The row lock keeps a manual poll and the recurring one from reading the same window at once.
            read.Parameters.AddWithValue("scope", Scope);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var at = reader.GetFieldValue<DateTimeOffset>(0);
                checkpoint = checkpoint is null || at < checkpoint ? at : checkpoint;
            }
        }

        var from = (checkpoint ?? now - options.Value.PollInitialLookback) - options.Value.PollOverlap;
        var found = await EnqueueWindowAsync(transaction, from, now, cancellationToken);
        await using (var write = new NpgsqlCommand(
            """
            INSERT INTO square.poll_checkpoint (merchant_or_scope, kind, checkpoint, updated_at)
            VALUES (@scope, 'orders', @at, @at), (@scope, 'refunds', @at, @at)
            ON CONFLICT (merchant_or_scope, kind) DO UPDATE SET checkpoint = EXCLUDED.checkpoint, updated_at = EXCLUDED.updated_at
            """, connection, transaction))
        {
            write.Parameters.AddWithValue("scope", Scope);
            write.Parameters.AddWithValue("at", now);
            await write.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        NotifyIfAny(found);
        LogScanned(logger, "poll", from, now, found.Orders, found.Refunds);
        return found;
    }

    /// <summary>A backfill: every order updated and every refund in the window, for merchants onboarding with history.</summary>
    public async Task<(int Orders, int Refunds)> BackfillAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var to = until ?? clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var found = await EnqueueWindowAsync(transaction, since, to, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        NotifyIfAny(found);
        LogScanned(logger, "backfill", since, to, found.Orders, found.Refunds);
        return found;
    }

    /// <summary>The sync jobs go to the default queue; its fetchers hear of them once the window's transaction commits.</summary>
    private void NotifyIfAny((int Orders, int Refunds) found)
    {
        if (found.Orders + found.Refunds > 0)
        {
            jobs.NotifyCommitted();
        }
    }

    private async Task<(int Orders, int Refunds)> EnqueueWindowAsync(NpgsqlTransaction transaction, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var locations = mappings.Find(Sync.SquareSync.Platform)?.Locations.Keys.ToList() ?? [];
        var orders = 0;
        if (locations.Count > 0)
        {
            await foreach (var order in square.SearchAllOrdersAsync(locations, from, to, ct: cancellationToken))
            {
                if (order.Id is null)
                {
                    continue;
                }

                var args = new SyncSquareOrderArgs(order.Id, order.LocationId);
                await jobs.EnqueueAsync(SquareJobKinds.SyncOrder, args, SquareJobsJsonContext.Default.SyncSquareOrderArgs, args.ToEnqueueOptions(), transaction, cancellationToken);
                orders++;
            }
        }

        var refunds = 0;
        await foreach (var refund in square.ListAllPaymentRefundsAsync(from, to, null, cancellationToken))
        {
            if (refund.Id is null)
            {
                continue;
            }

            var args = new SyncSquareRefundArgs(refund.Id);
            await jobs.EnqueueAsync(SquareJobKinds.SyncRefund, args, SquareJobsJsonContext.Default.SyncSquareRefundArgs, args.ToEnqueueOptions(), transaction, cancellationToken);
            refunds++;
        }

        return (orders, refunds);
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Square {What} {From:o} – {To:o}: {Orders} orders and {Refunds} refunds queued for sync")]
    private static partial void LogScanned(ILogger logger, string what, DateTimeOffset from, DateTimeOffset to, int orders, int refunds);
}
