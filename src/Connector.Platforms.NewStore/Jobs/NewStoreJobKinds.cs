using Connector.Jobs;

namespace Connector.Platforms.NewStore.Jobs;

/// <summary>
/// The kinds NewStore work is requested under, and its queue. Every event about an order (its sale, cancellations,
/// returns, appeasements) requests <c>new KeyedWork(SyncOrder, orderId)</c>, so one order has one live job at a time and
/// a cancellation can never race the sale it changes; a blind return (no order) requests its own.
/// </summary>
public static class NewStoreJobKinds
{
    /// <summary>NewStore's own queue, so a NewStore backlog never delays another platform.</summary>
    public const string Queue = "newstore";

    /// <summary>Sync everything stored about one NewStore order.</summary>
    public const string SyncOrder = "newstore:order";

    /// <summary>Record a blind return (no <c>order_id</c>) as skipped.</summary>
    public const string SyncBlindReturn = "newstore:blind-return";

    /// <summary>The work of syncing order <paramref name="orderId"/>.</summary>
    public static KeyedWork Order(string orderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return new KeyedWork(SyncOrder, orderId);
    }

    /// <summary>The work of handling blind return <paramref name="returnId"/>.</summary>
    public static KeyedWork BlindReturn(string returnId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(returnId);
        return new KeyedWork(SyncBlindReturn, returnId);
    }
}
