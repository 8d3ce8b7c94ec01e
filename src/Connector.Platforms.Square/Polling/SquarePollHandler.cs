using Connector.Jobs;
using Connector.Platforms.Square.Sync;

namespace Connector.Platforms.Square.Polling;

/// <summary>The recurring poll: catches what webhooks missed.</summary>
internal sealed class SquarePollHandler(SquareScanner scanner) : IJobHandler<SquarePollArgs>
{
    public Task HandleAsync(SquarePollArgs args, JobContext context, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => scanner.PollAsync(cancellationToken));
}
