using System.ComponentModel;
using Connector.Jobs;

namespace Connector.Platforms.Square.Sync;

/// <summary>Syncs one Square payment refund: its return order's returns, once the refund completed.</summary>
public sealed class SquareRefundSyncJob(SquareSync sync) : IKeyedJob
{
    [DisplayName("Square refund {0}")]
    public Task RunAsync(string id, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => sync.SyncRefundAsync(id, cancellationToken));
}
