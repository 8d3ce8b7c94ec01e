using Connector.Jobs;

namespace Connector.Platforms.Square.Jobs;

/// <summary>
/// The kinds Square work is requested under, and its queue. Webhooks, the poll and backfills all request
/// <c>new KeyedWork(SyncOrder, orderId)</c> or <c>(SyncRefund, refundId)</c>, so one object is one live job whoever
/// reported it, and its business key reads <c>square:order:&lt;id&gt;</c>.
/// </summary>
public static class SquareJobKinds
{
    /// <summary>Square's own queue, so a Square backlog never delays another platform.</summary>
    public const string Queue = "square";

    /// <summary>Fetch a Square order and sync it (sale and/or the returns it carries).</summary>
    public const string SyncOrder = "square:order";

    /// <summary>Fetch a Square payment refund and sync its return order once it completed.</summary>
    public const string SyncRefund = "square:refund";

    /// <summary>The recurring poll's id (and stored job name).</summary>
    public const string Poll = "square:poll";

    /// <summary>The recurring webhook retention job's id.</summary>
    public const string WebhookRetention = "square:webhook-retention";

    /// <summary>The stored name of backfill jobs.</summary>
    public const string Backfill = "square:backfill";

    /// <summary>The work of syncing order <paramref name="orderId"/>.</summary>
    public static KeyedWork Order(string orderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return new KeyedWork(SyncOrder, orderId);
    }

    /// <summary>The work of syncing refund <paramref name="refundId"/>.</summary>
    public static KeyedWork Refund(string refundId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        return new KeyedWork(SyncRefund, refundId);
    }

    /// <summary>The business key of an order's sync job: <c>square:order:&lt;id&gt;</c>.</summary>
    public static string OrderKey(string orderId) => Order(orderId).Key;

    /// <summary>The business key of a refund's sync job: <c>square:refund:&lt;id&gt;</c>.</summary>
    public static string RefundKey(string refundId) => Refund(refundId).Key;
}
