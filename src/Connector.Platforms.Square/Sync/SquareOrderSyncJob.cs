using System.ComponentModel;
using Connector.Jobs;

namespace Connector.Platforms.Square.Sync;

/// <summary>Syncs one Square order (from webhooks, polls and backfills): its sale, or the returns it carries.</summary>
public sealed class SquareOrderSyncJob(SquareSync sync) : IKeyedJob
{
    [DisplayName("Square order {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => sync.SyncOrderAsync(id, cancellationToken));
}
