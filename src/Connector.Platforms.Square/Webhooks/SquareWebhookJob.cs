using Connector.Jobs;
using Connector.Platforms.Square.Jobs;

namespace Connector.Platforms.Square.Webhooks;

/// <summary>Which keyed work an event type requests, if any.</summary>
internal static class SquareWebhookJob
{
    /// <summary>The work for <paramref name="evt"/>, or null when the type is not one we sync or the event lacks the id.</summary>
    public static KeyedWork? For(SquareWebhookEvent evt) => evt.Type switch
    {
        // POS sales emit no order.created; payment.* (with its order_id) and order.updated are what announce them.
        "order.created" or "order.updated" or "order.fulfillment.updated" or "payment.created" or "payment.updated"
            when evt.OrderId is { } orderId => SquareJobKinds.Order(orderId),
        "refund.created" or "refund.updated" when evt.RefundId is { } refundId => SquareJobKinds.Refund(refundId),
        _ => null,
    };

    /// <summary>True for the event types that trigger a sync (whether or not this event carried the id).</summary>
    public static bool IsRelevant(string type) => type is "order.created" or "order.updated" or "order.fulfillment.updated"
        or "payment.created" or "payment.updated" or "refund.created" or "refund.updated";
}
