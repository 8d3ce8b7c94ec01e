using System.ComponentModel;
using Connector.Platforms.Square.Sync;

namespace Connector.Platforms.Square.Polling;

/// <summary>A backfill, enqueued by <c>backfill square --since … [--until …]</c>: durable, retried like any job.</summary>
public sealed class SquareBackfillJob(SquareScanner scanner)
{
    [DisplayName("Square backfill {0:u} – {1:u}")]
    public Task RunAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken) =>
        SquareJobFailure.RunAsync(() => scanner.BackfillAsync(since, until, cancellationToken));
}
