using Connector.Jobs;

namespace Connector.Platforms.Square.Jobs;

/// <summary>
/// Arguments of <see cref="SquareJobKinds.SyncOrder"/>. Only identifiers: the handler always fetches the order's
/// current state, because events arrive late, twice and out of order.
/// </summary>
/// <param name="OrderId">The Square order id.</param>
/// <param name="LocationId">The order's location when the trigger knew it (a hint; the fetched order is authoritative).</param>
public sealed record SyncSquareOrderArgs(string OrderId, string? LocationId)
{
    /// <summary>Enqueue options keyed by <see cref="SquareJobKinds.OrderKey"/> (unique key = business key).</summary>
    public EnqueueOptions ToEnqueueOptions()
    {
        var key = SquareJobKinds.OrderKey(OrderId);
        return new EnqueueOptions { UniqueKey = key, BusinessKey = key };
    }
}
