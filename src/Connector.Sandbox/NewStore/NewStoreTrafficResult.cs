namespace Connector.Sandbox.NewStore;

/// <summary>What one <see cref="NewStoreTraffic.RunAsync"/> made, with the amounts a connector should end up with.</summary>
public sealed record NewStoreTrafficResult(
    IReadOnlyList<NewStoreOrderSummary> Orders,
    IReadOnlyList<NewStoreReturnSummary> Returns,
    IReadOnlyList<NewStoreAppeasementSummary> Appeasements,
    IReadOnlyList<NewStoreCancellationSummary> Cancellations,
    IReadOnlyDictionary<string, int> Cases,
    IReadOnlyList<NewStoreEventDelivery> Deliveries);
