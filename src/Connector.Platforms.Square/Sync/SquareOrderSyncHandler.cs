using Connector.Jobs;
using Connector.Platforms.Square.Jobs;

namespace Connector.Platforms.Square.Sync;

/// <summary>Runs <see cref="SquareJobKinds.SyncOrder"/> jobs (from webhooks, polls and backfills).</summary>
internal sealed class SquareOrderSyncHandler(SquareSync sync) : IJobHandler<SyncSquareOrderArgs>
{
    public Task HandleAsync(SyncSquareOrderArgs args, JobContext context, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => sync.SyncOrderAsync(args.OrderId, cancellationToken));
}
