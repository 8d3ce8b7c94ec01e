using System.ComponentModel;
using Connector.Jobs;

namespace Connector.Platforms.CommerceLayer.Sync;

/// <summary>Syncs one Commerce Layer order (from webhooks, polls and backfills): its sale, returns, refunds and cancellation.</summary>
public sealed class CommerceLayerOrderSyncJob(CommerceLayerSync sync) : IKeyedJob
{
    [DisplayName("Commerce Layer order {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        CommerceLayerJobFailure.RunAsync(() => sync.SyncOrderAsync(id, cancellationToken));
}

/// <summary>Finds the order of a return whose event did not name it and requests the order's sync.</summary>
public sealed class CommerceLayerReturnSyncJob(CommerceLayerSync sync) : IKeyedJob
{
    [DisplayName("Commerce Layer return {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        CommerceLayerJobFailure.RunAsync(() => sync.SyncReturnAsync(id, cancellationToken));
}

/// <summary>Finds the order of a refund whose event did not name it and requests the order's sync.</summary>
public sealed class CommerceLayerRefundSyncJob(CommerceLayerSync sync) : IKeyedJob
{
    [DisplayName("Commerce Layer refund {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        CommerceLayerJobFailure.RunAsync(() => sync.SyncRefundAsync(id, cancellationToken));
}

/// <summary>The recurring poll: catches what webhooks missed, and is the only way to see a cancelled return.</summary>
public sealed class CommerceLayerPollJob(CommerceLayerScanner scanner) : IRecurringJob
{
    [DisplayName("Commerce Layer poll")]
    public Task RunAsync(CancellationToken cancellationToken) =>
        CommerceLayerJobFailure.RunAsync(() => scanner.PollAsync(cancellationToken));
}

/// <summary>A backfill, enqueued by <c>backfill commercelayer --since … [--until …]</c>: durable, retried like any job.</summary>
public sealed class CommerceLayerBackfillJob(CommerceLayerScanner scanner)
{
    [DisplayName("Commerce Layer backfill {0:u} – {1:u}")]
    public Task RunAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken) =>
        CommerceLayerJobFailure.RunAsync(() => scanner.BackfillAsync(since, until, cancellationToken));
}
