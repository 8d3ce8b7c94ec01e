namespace Connector.Sandbox.NewStore;

/// <summary>A cancellation: some items (<c>order.items_cancelled</c>) or the whole order (<c>order.cancelled</c>); amount in minor units.</summary>
public sealed record NewStoreCancellationSummary(string OrderId, IReadOnlyList<string> ItemIds, bool WholeOrder, long Amount);
