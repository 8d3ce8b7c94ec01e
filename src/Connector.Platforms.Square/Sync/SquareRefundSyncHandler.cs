using Connector.Jobs;
using Connector.Platforms.Square.Jobs;

namespace Connector.Platforms.Square.Sync;

/// <summary>Runs <see cref="SquareJobKinds.SyncRefund"/> jobs (from webhooks, polls and backfills).</summary>
internal sealed class SquareRefundSyncHandler(SquareSync sync) : IJobHandler<SyncSquareRefundArgs>
{
    public Task HandleAsync(SyncSquareRefundArgs args, JobContext context, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => sync.SyncRefundAsync(args.RefundId, cancellationToken));
}
