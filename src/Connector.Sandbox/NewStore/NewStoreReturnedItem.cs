namespace Connector.Sandbox.NewStore;

/// <summary>One returned unit: the order item id, its product and NewStore's computed refund (minor units).</summary>
public sealed record NewStoreReturnedItem(string ItemId, string ProductId, long RefundAmount);
