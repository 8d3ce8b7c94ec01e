namespace Connector.Sandbox.NewStore;

/// <summary>An appeasement (<c>refund_request.issued</c>): money back without goods, in minor units, and the units it was put on.</summary>
public sealed record NewStoreAppeasementSummary(string RefundRequestId, string OrderId, string Currency, long Amount, IReadOnlyList<string> ItemIds);
