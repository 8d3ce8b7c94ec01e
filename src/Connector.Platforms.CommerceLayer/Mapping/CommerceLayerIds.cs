namespace Connector.Platforms.CommerceLayer.Mapping;

/// <summary>The Leat external identifiers of Commerce Layer objects; the dispatcher's idempotency keys.</summary>
public static class CommerceLayerIds
{
    /// <summary>The Leat order of a sale: <c>commercelayer:&lt;order id&gt;</c>.</summary>
    public static string Order(string orderId) => $"commercelayer:{orderId}";

    /// <summary>The Leat return of a Commerce Layer return: <c>commercelayer:return:&lt;return id&gt;</c>.</summary>
    public static string Return(string returnId) => $"commercelayer:return:{returnId}";

    /// <summary>The Leat return of a refund made without a return: <c>commercelayer:refund:&lt;refund id&gt;</c>.</summary>
    public static string Refund(string refundId) => $"commercelayer:refund:{refundId}";

    /// <summary>The Leat return of an order's cancellation (everything still returnable): <c>commercelayer:cancel:&lt;order id&gt;</c>.</summary>
    public static string Cancellation(string orderId) => $"commercelayer:cancel:{orderId}";
}
