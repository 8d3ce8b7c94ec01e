namespace Connector.Platforms.NewStore.Mapping;

/// <summary>The event-stream events the connector acts on; every other event is stored and acknowledged, nothing more.</summary>
public static class NewStoreEventNames
{
    public const string OrderOpened = "order.opened";
    public const string OrderCreated = "order.created";
    public const string OrderCancelled = "order.cancelled";
    public const string OrderItemsCancelled = "order.items_cancelled";
    public const string ReturnProcessed = "return.processed";
    public const string RefundRequestIssued = "refund_request.issued";

    /// <summary>Every event that requests work: the event filter of the integrations <c>newstore register</c> and backfills create.</summary>
    public static readonly IReadOnlyList<string> Handled = [OrderOpened, OrderCreated, OrderCancelled, OrderItemsCancelled, ReturnProcessed, RefundRequestIssued];

    /// <summary>Events whose payload is the full order document (a sale).</summary>
    public static bool IsSale(string name) => name is OrderOpened or OrderCreated;

    public static bool IsCancellation(string name) => name is OrderCancelled or OrderItemsCancelled;

    /// <summary>True for the events that request work.</summary>
    public static bool IsRelevant(string name) => Handled.Contains(name);
}
