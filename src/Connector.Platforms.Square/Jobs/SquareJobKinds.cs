namespace Connector.Platforms.Square.Jobs;

/// <summary>
/// The job kinds Square work is queued under, and the keys that make one object one job: webhooks, the poller and
/// backfill all enqueue with <see cref="OrderKey"/>/<see cref="RefundKey"/> as both unique and business key, so the
/// same order reported by several of them while a job is pending runs once (the job engine returns the live job).
/// </summary>
public static class SquareJobKinds
{
    /// <summary>Fetch a Square order and sync it (sale and/or the returns it carries); arguments <see cref="SyncSquareOrderArgs"/>.</summary>
    public const string SyncOrder = "square.sync-order";

    /// <summary>Fetch a Square payment refund and sync its return order once it completed; arguments <see cref="SyncSquareRefundArgs"/>.</summary>
    public const string SyncRefund = "square.sync-refund";

    /// <summary>The unique and business key of an order's sync job: <c>square:order:&lt;id&gt;</c>.</summary>
    public static string OrderKey(string orderId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(orderId);
        return "square:order:" + orderId;
    }

    /// <summary>The unique and business key of a refund's sync job: <c>square:refund:&lt;id&gt;</c>.</summary>
    public static string RefundKey(string refundId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(refundId);
        return "square:refund:" + refundId;
    }
}
