namespace Connector.Sandbox.Square;

/// <summary>What a <see cref="SquareTraffic"/> run created and delivered.</summary>
/// <param name="CustomerIds">Customers created.</param>
/// <param name="SaleIds">Sales created, in order.</param>
/// <param name="Returns">Returns created, in order, with the case that produced each.</param>
/// <param name="Events">Every distinct webhook event, in the order the changes happened.</param>
/// <param name="Deliveries">
/// The deliveries in the order made (duplicates and reordering included); <c>Status</c> is 0 and
/// <c>DeliveredAt</c> default when webhooks were only planned.
/// </param>
/// <param name="Cases">How often each case occurred (e.g. <c>sale.modifiers</c>, <c>return.exchange</c>).</param>
public sealed record SquareTrafficResult(
    IReadOnlyList<string> CustomerIds,
    IReadOnlyList<string> SaleIds,
    IReadOnlyList<(string Case, SquareReturnResult Result)> Returns,
    IReadOnlyList<SquareWebhookEvent> Events,
    IReadOnlyList<SquareWebhookDelivery> Deliveries,
    IReadOnlyDictionary<string, int> Cases);
