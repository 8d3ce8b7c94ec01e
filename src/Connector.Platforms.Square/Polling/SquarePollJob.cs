using System.ComponentModel;
using Connector.Jobs;
using Connector.Platforms.Square.Sync;

namespace Connector.Platforms.Square.Polling;

/// <summary>The recurring poll: catches what webhooks missed.</summary>
public sealed class SquarePollJob(SquareScanner scanner) : IRecurringJob
{
    [DisplayName("Square poll")]
    public Task RunAsync(CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => scanner.PollAsync(cancellationToken));
}
