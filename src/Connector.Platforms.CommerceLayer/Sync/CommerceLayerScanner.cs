using Connector.Core.Intake;
using Connector.Jobs;
using Connector.Platforms.CommerceLayer.Client;
using Connector.Platforms.CommerceLayer.Jobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Connector.Platforms.CommerceLayer.Sync;

/// <summary>
/// Finds what changed in Commerce Layer in a time window — orders and returns by <c>updated_at</c>, ascending
/// <c>updated_at,id</c>, 25 a page — and requests one order sync per object, keyed like the webhooks' requests. Paging
/// by page number over a list whose members keep changing can skip one (an object updated meanwhile leaves the
/// window and the rest move up a page), so after each page the scan starts again from that page's latest
/// <c>updated_at</c> (the page's last objects are asked again, harmlessly: requests are deduplicated) and only moves
/// to the next page number when a whole page shares one <c>updated_at</c>. The poll's checkpoint moves past a page
/// once its requests are committed.
/// </summary>
public sealed partial class CommerceLayerScanner(
    ICommerceLayerClient commerceLayer,
    JobIntake intake,
    PollCheckpoints checkpoints,
    TimeProvider clock,
    IOptions<CommerceLayerOptions> options,
    ILogger<CommerceLayerScanner> logger)
{
    private const string Scope = "default";

    /// <summary>One poll: from each kind's checkpoint minus the overlap (or the initial look-back) to now.</summary>
    public async Task<(int Orders, int Returns)> PollAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var read = await checkpoints.ReadAsync(CommerceLayerSync.Platform, Scope, cancellationToken);
        var first = now - options.Value.PollInitialLookback;
        var ordersFrom = (read.TryGetValue("orders", out var o) ? o : first) - options.Value.PollOverlap;
        var returnsFrom = (read.TryGetValue("returns", out var r) ? r : first) - options.Value.PollOverlap;
        var orders = await ScanAsync("orders", ordersFrom, now, advance: true, cancellationToken);
        var returns = await ScanAsync("returns", returnsFrom, now, advance: true, cancellationToken);
        LogScanned(logger, "poll", ordersFrom < returnsFrom ? ordersFrom : returnsFrom, now, orders, returns);
        return (orders, returns);
    }

    /// <summary>A backfill: every order and return updated in the window.</summary>
    public async Task<(int Orders, int Returns)> BackfillAsync(DateTimeOffset since, DateTimeOffset? until, CancellationToken cancellationToken)
    {
        var to = until ?? clock.GetUtcNow();
        var orders = await ScanAsync("orders", since, to, advance: false, cancellationToken);
        var returns = await ScanAsync("returns", since, to, advance: false, cancellationToken);
        LogScanned(logger, "backfill", since, to, orders, returns);
        return (orders, returns);
    }

    private async Task<int> ScanAsync(string kind, DateTimeOffset from, DateTimeOffset to, bool advance, CancellationToken cancellationToken)
    {
        var requested = new HashSet<string>(StringComparer.Ordinal);
        var pageNumber = 1;
        while (true)
        {
            var (works, latest, more) = kind == "orders"
                ? Page(await commerceLayer.ListOrdersAsync(from, to, pageNumber, cancellationToken), o => o.Id, o => o.UpdatedAt)
                : Page(await commerceLayer.ListReturnsAsync(from, to, pageNumber, cancellationToken), r => r.OrderId, r => r.UpdatedAt);
            var fresh = works.Where(w => requested.Add(w.Key)).ToList();
            if (fresh.Count > 0)
            {
                await intake.RequestAsync(fresh, cancellationToken);
            }

            if (!more)
            {
                break;
            }

            if (latest is { } at && at > from)
            {
                from = at;
                pageNumber = 1;
                if (advance)
                {
                    await checkpoints.AdvanceAsync(CommerceLayerSync.Platform, Scope, kind, at, cancellationToken);
                }
            }
            else
            {
                pageNumber++;
            }
        }

        if (advance)
        {
            await checkpoints.AdvanceAsync(CommerceLayerSync.Platform, Scope, kind, to, cancellationToken);
        }

        return requested.Count;
    }

    private static (List<KeyedWork> Works, DateTimeOffset? Latest, bool More) Page<T>(CommerceLayerPage<T> page, Func<T, string?> orderId, Func<T, DateTimeOffset?> updatedAt) =>
        ([.. page.Items.Select(orderId).OfType<string>().Distinct(StringComparer.Ordinal).Select(CommerceLayerJobKinds.Order)],
         page.Items.Select(updatedAt).Max(),
         page.HasNext || page.Items.Count >= CommerceLayerClient.PageSize);

    [LoggerMessage(EventId = 4420, Level = LogLevel.Information, Message = "Commerce Layer {What} {From:o} – {To:o}: {Orders} orders and returns of {Returns} orders requested for sync")]
    private static partial void LogScanned(ILogger logger, string what, DateTimeOffset from, DateTimeOffset to, int orders, int returns);
}
