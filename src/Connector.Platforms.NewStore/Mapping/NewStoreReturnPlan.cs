namespace Connector.Platforms.NewStore.Mapping;

/// <summary>One returned line of the sale, by its item id, in minor units.</summary>
internal sealed record NewStoreReturnLinePlan(string ExternalIdentifier, decimal Quantity, long TotalAmount, string? Reason);

/// <summary>The returned part of a sale charge (shipping, tax).</summary>
internal sealed record NewStoreReturnChargePlan(string ExternalIdentifier, long TotalAmount);

/// <summary>A Leat order return before AutoMapper lays it out: what comes back of sale <see cref="OrderId"/>.</summary>
internal sealed record NewStoreReturnPlan(string ExternalIdentifier, string OrderId, IReadOnlyList<NewStoreReturnLinePlan> Lines, IReadOnlyList<NewStoreReturnChargePlan> Charges)
{
    public bool IsEmpty => Lines.Count == 0 && Charges.Count == 0;
}
