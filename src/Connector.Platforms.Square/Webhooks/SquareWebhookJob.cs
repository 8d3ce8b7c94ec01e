using Connector.Jobs;
using Connector.Platforms.Square.Jobs;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Which sync job an event type triggers (if any), and its enqueue as a call to embed in the inbox statement.</summary>
internal abstract record SquareWebhookJob
{
    /// <summary>The job for <paramref name="evt"/>, or null when the type is not one we sync or the event lacks the id.</summary>
    public static SquareWebhookJob? For(SquareWebhookEvent evt) => evt.Type switch
    {
        // POS sales emit no order.created; payment.* (with its order_id) and order.updated are what announce them.
        "order.created" or "order.updated" or "order.fulfillment.updated" or "payment.created" or "payment.updated"
            when evt.OrderId is { } orderId => new Order(new SyncSquareOrderArgs(orderId, evt.LocationId)),
        "refund.created" or "refund.updated" when evt.RefundId is { } refundId => new Refund(new SyncSquareRefundArgs(refundId)),
        _ => null,
    };

    /// <summary>True for the event types that trigger a sync (whether or not this event carried the id).</summary>
    public static bool IsRelevant(string type) => type is "order.created" or "order.updated" or "order.fulfillment.updated"
        or "payment.created" or "payment.updated" or "refund.created" or "refund.updated";

    public abstract string Key { get; }

    public abstract JobEnqueueCall Prepare(JobClient client);

    private sealed record Order(SyncSquareOrderArgs Args) : SquareWebhookJob
    {
        public override string Key => SquareJobKinds.OrderKey(Args.OrderId);

        public override JobEnqueueCall Prepare(JobClient client) =>
            client.PrepareEnqueue(SquareJobKinds.SyncOrder, Args, SquareJobsJsonContext.Default.SyncSquareOrderArgs, Args.ToEnqueueOptions());
    }

    private sealed record Refund(SyncSquareRefundArgs Args) : SquareWebhookJob
    {
        public override string Key => SquareJobKinds.RefundKey(Args.RefundId);

        public override JobEnqueueCall Prepare(JobClient client) =>
            client.PrepareEnqueue(SquareJobKinds.SyncRefund, Args, SquareJobsJsonContext.Default.SyncSquareRefundArgs, Args.ToEnqueueOptions());
    }
}
