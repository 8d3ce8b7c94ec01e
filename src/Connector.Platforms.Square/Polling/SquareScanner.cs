using Connector.Core.Intake;
using Connector.Core.Mappings;
using Connector.Jobs;
using Connector.Platforms.Square.Client;
using Connector.Platforms.Square.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.Square.Polling;

/// <summary>
/// Finds what changed in Square in a time window — orders by <c>updated_at</c> over every mapped location, and
/// payment refunds — and requests one sync per object, keyed like the webhooks' requests, so polling, backfills and
/// webhooks never process one object twice at once. Each page is committed on its own (one short statement), so a
/// webhook for an object a scan touched never waits for the scan, and a page that fails loses only itself: the
/// poll's checkpoint moves past a page only once the page is committed, and both lists come sorted by update time.
/// </summary>
public sealed partial class SquareScanner(
    ISquareClient square,
    JobIntake intake,
    PlatformMappings mappings,
    PollCheckpoints checkpoints,
    TimeProvider clock,
    IOptions<SquareOptions> options,
    ILogger<SquareScanner> logger)
{
    private const string Scope = "default";

    /// <summary>One poll: from each kind's checkpoint minus the overlap (or the initial look-back) to now.</summary>
    public async Task<(int Orders, int Refunds)> PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var read = await checkpoints.ReadAsync(Sync.SquareSync.Platform, Scope, cancellationToken);
        var first = now - options.Value.PollInitialLookback;
        var ordersFrom = (read.TryGetValue("orders", out var orders0) ? orders0 : first) - options.Value.PollOverlap;
        var refundsFrom = (read.TryGetValue("refunds", out var refunds0) ? refunds0 : first) - options.Value.PollOverlap;
        var orders = await ScanOrdersAsync(ordersFrom, now, advance: true, cancellationToken);
        var refunds = await ScanRefundsAsync(refundsFrom, now, advance: true, cancellationToken);
        LogScanned(logger, "poll", ordersFrom < refundsFrom ? ordersFrom : refundsFrom, now, orders, refunds);
        return (orders, refunds);
    }

    /// <summary>A backfill: every order updated and every refund in the window, for merchants onboarding with history.</summary>
    public async Task<(int Orders, int Refunds)> BackfillAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var to = until ?? clock.GetUtcNow();
        var orders = await ScanOrdersAsync(since, to, advance: false, cancellationToken);
        var refunds = await ScanRefundsAsync(since, to, advance: false, cancellationToken);
        LogScanned(logger, "backfill", since, to, orders, refunds);
        return (orders, refunds);
    }

    private async Task<int> ScanOrdersAsync(DateTimeOffset from, DateTimeOffset to, bool advance, CancellationToken cancellationToken)
    {
        var locations = mappings.Find(Sync.SquareSync.Platform)?.Locations.Keys.ToList() ?? [];
        var count = 0;
        // Over more locations than one search takes, the client walks location groups in turn, each sorted on its own:
        // a page's latest update then says nothing of the groups still to come, so the checkpoint moves only at the end.
        var pageCheckpoint = advance && locations.Count <= SquareClient.MaxSearchLocationIds ? "orders" : null;
        if (locations.Count > 0)
        {
            string? cursor = null;
            do
            {
                var page = await square.SearchOrdersAsync(locations, from, to, cursor, ct: cancellationToken);
                var ids = page.Orders.Select(o => o.Id).OfType<string>().ToList();
                count += await CommitPageAsync(ids.Select(SquareJobKinds.Order).ToList(), pageCheckpoint,
                    page.Orders.Select(o => o.UpdatedAt).Max(), cancellationToken);
                cursor = page.Cursor;
            }
            while (cursor is not null);
        }

        if (advance)
        {
            await AdvanceAsync("orders", to, cancellationToken);
        }

        return count;
    }

    private async Task<int> ScanRefundsAsync(DateTimeOffset from, DateTimeOffset to, bool advance, CancellationToken cancellationToken)
    {
        var count = 0;
        string? cursor = null;
        do
        {
            var page = await square.ListPaymentRefundsAsync(from, to, null, cursor, ct: cancellationToken);
            var ids = page.Refunds.Select(r => r.Id).OfType<string>().ToList();
            count += await CommitPageAsync(ids.Select(SquareJobKinds.Refund).ToList(), advance ? "refunds" : null,
                page.Refunds.Select(r => r.UpdatedAt).Max(), cancellationToken);
            cursor = page.Cursor;
        }
        while (cursor is not null);

        if (advance)
        {
            await AdvanceAsync("refunds", to, cancellationToken);
        }

        return count;
    }

    /// <summary>Requests one page's objects, then (for the poll) moves the checkpoint to the page's latest update.</summary>
    private async Task<int> CommitPageAsync(List<KeyedWork> works, string? checkpointKind, DateTimeOffset? latest, CancellationToken cancellationToken)
    {
        await intake.RequestAsync(works, cancellationToken);
        if (checkpointKind is not null && latest is { } at)
        {
            await AdvanceAsync(checkpointKind, at, cancellationToken);
        }

        return works.Count;
    }

    private Task AdvanceAsync(string kind, DateTimeOffset at, CancellationToken cancellationToken) =>
        checkpoints.AdvanceAsync(Sync.SquareSync.Platform, Scope, kind, at, cancellationToken);

    [LoggerMessage(EventId = 4200, Level = LogLevel.Information, Message = "Square {What} {From:o} – {To:o}: {Orders} orders and {Refunds} refunds requested for sync")]
    private static partial void LogScanned(ILogger logger, string what, DateTimeOffset from, DateTimeOffset to, int orders, int refunds);
}
