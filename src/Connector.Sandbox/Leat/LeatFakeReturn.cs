namespace Connector.Sandbox.Leat;

/// <summary>Snapshot of an order return the fake holds.</summary>
/// <param name="Uuid">Leat uuid of the return.</param>
/// <param name="ExternalIdentifier">The client's external identifier (unique across returns).</param>
/// <param name="OrderUuid">Uuid of the returned order.</param>
/// <param name="OrderExternalIdentifier">External identifier of the returned order.</param>
/// <param name="Status">Return status.</param>
/// <param name="RequestBody">The raw JSON body of the create call.</param>
/// <param name="Json">The stored return as the API returns it.</param>
/// <param name="ReturnedBasis">Returned line and sub line amounts − returned order-level discounts, in minor units.</param>
/// <param name="Processed">Whether the return has been processed.</param>
/// <param name="PointsReversed">Points taken back when processed.</param>
public sealed record LeatFakeReturn(
    string Uuid,
    string ExternalIdentifier,
    string OrderUuid,
    string OrderExternalIdentifier,
    string Status,
    string RequestBody,
    string Json,
    long ReturnedBasis,
    bool Processed,
    long PointsReversed);
