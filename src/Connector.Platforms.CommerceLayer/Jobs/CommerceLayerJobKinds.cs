using Connector.Jobs;

namespace Connector.Platforms.CommerceLayer.Jobs;

/// <summary>
/// The kinds Commerce Layer work is requested under, and its queue. Everything about one order — its sale, its returns,
/// its refunds, its cancellation — is one keyed work <c>(SyncOrder, orderId)</c>, so a return can never race its sale
/// and one order has one live job whoever reported the change (webhook, poll or backfill). A return or refund whose
/// order id the event did not carry requests <see cref="SyncReturn"/> / <see cref="SyncRefund"/>, whose job only
/// looks up the order and requests the order's work.
/// </summary>
public static class CommerceLayerJobKinds
{
    /// <summary>Commerce Layer's own queue, so its backlog never delays another platform.</summary>
    public const string Queue = "commercelayer";

    /// <summary>Fetch one order with its returns and refunds and sync all of it.</summary>
    public const string SyncOrder = "commercelayer:order";

    /// <summary>Find the order of a return, then request its <see cref="SyncOrder"/>.</summary>
    public const string SyncReturn = "commercelayer:return";

    /// <summary>Find the order of a refund, then request its <see cref="SyncOrder"/>.</summary>
    public const string SyncRefund = "commercelayer:refund";

    /// <summary>The recurring poll's id.</summary>
    public const string Poll = "commercelayer:poll";

    /// <summary>The stored name of backfill jobs.</summary>
    public const string Backfill = "commercelayer:backfill";

    public static KeyedWork Order(string orderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return new KeyedWork(SyncOrder, orderId);
    }

    public static KeyedWork Return(string returnId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(returnId);
        return new KeyedWork(SyncReturn, returnId);
    }

    public static KeyedWork Refund(string refundId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        return new KeyedWork(SyncRefund, refundId);
    }
}
