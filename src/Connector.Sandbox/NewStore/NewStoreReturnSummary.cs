namespace Connector.Sandbox.NewStore;

/// <summary>A processed return as published in <c>return.processed</c>, in minor units.</summary>
public sealed record NewStoreReturnSummary(
    string ReturnId,
    string? OrderId,
    string Currency,
    IReadOnlyList<NewStoreReturnedItem> Items,
    long ShippingRefunded,
    long ReturnFee,
    long TotalRefund);
