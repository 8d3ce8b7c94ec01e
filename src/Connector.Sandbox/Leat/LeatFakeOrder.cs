namespace Connector.Sandbox.Leat;

/// <summary>Snapshot of an order the fake holds.</summary>
/// <param name="Uuid">Leat uuid of the order.</param>
/// <param name="ExternalIdentifier">The client's external identifier (unique across orders).</param>
/// <param name="Status">Current <c>status</c>.</param>
/// <param name="PaymentStatus">Current <c>payment_status</c>.</param>
/// <param name="ContactUuid">Contact the order belongs to.</param>
/// <param name="BusinessProfileUuid">Shop the order took place in.</param>
/// <param name="Currency">Order currency.</param>
/// <param name="RequestBody">The raw JSON body of the create call.</param>
/// <param name="Json">The stored order as the API returns it (with uuids).</param>
/// <param name="PointsBasis">Line totals + sub line totals − order-level discounts, in minor units.</param>
/// <param name="Processed">Whether the order has been processed.</param>
/// <param name="PointsAwarded">Points awarded when processed (0 before).</param>
/// <param name="PointsReversed">Points taken back by processed returns so far.</param>
public sealed record LeatFakeOrder(
    string Uuid,
    string ExternalIdentifier,
    string Status,
    string PaymentStatus,
    string ContactUuid,
    string BusinessProfileUuid,
    string Currency,
    string RequestBody,
    string Json,
    long PointsBasis,
    bool Processed,
    long PointsAwarded,
    long PointsReversed);
