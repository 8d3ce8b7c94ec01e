using Connector.Jobs;
using Connector.Platforms.Square.Sync;

namespace Connector.Platforms.Square.Polling;

/// <summary>A backfill, enqueued by <c>backfill square --since … [--until …]</c>: durable, retried like any job.</summary>
internal sealed class SquareBackfillHandler(SquareScanner scanner) : IJobHandler<SquareBackfillArgs>
{
    public Task HandleAsync(SquareBackfillArgs args, JobContext context, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => scanner.BackfillAsync(args.Since, args.Until, cancellationToken));
}
